import clsx from "clsx";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const control = clsx(
  "rounded-md border bg-white text-sm text-zinc-900 shadow-xs transition-colors placeholder:text-zinc-400",
  "focus:border-emerald-500 focus:outline-none focus:ring-2 focus:ring-emerald-500/25",
  "disabled:cursor-not-allowed disabled:opacity-50",
  "dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500",
  "border-zinc-300 dark:border-zinc-700",
  "aria-invalid:border-red-500 aria-invalid:focus:ring-red-500/25 dark:aria-invalid:border-red-500",
);

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={clsx(control, "h-8 px-2.5", className)} {...props} />;
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={clsx(
        control,
        "h-8 cursor-pointer appearance-none bg-[length:14px] bg-[right_0.5rem_center] bg-no-repeat pr-8 pl-2.5",
        "select-chevron",
        className,
      )}
      {...props}
    />
  );
}

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={clsx(control, "px-2.5 py-2", className)} {...props} />;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: ReactNode;
}

/** A label, the control and a hint or error under it. Spread `controlProps(id, error, hint)` on the control. */
export function Field({ id, label, hint, error, className, children }: FieldProps) {
  return (
    <div className={clsx("flex flex-col gap-1.5 [&>input]:w-full [&>select]:w-full [&>textarea]:w-full", className)}>
      <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

/** What a control inside a Field needs: its id, whether it is invalid, and the text that describes it. */
export function controlProps(id: string, error?: string, hint?: ReactNode) {
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, error, hint) };
}
