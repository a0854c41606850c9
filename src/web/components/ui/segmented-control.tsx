"use client";
import clsx from "clsx";
import type { LucideIcon } from "lucide-react";
import { useRef } from "react";

export interface Segment<T extends string | number> {
  value: T;
  label: string;
  /** Shown instead of the label (the label stays the accessible name). */
  icon?: LucideIcon;
}

interface SegmentedControlProps<T extends string | number> {
  label: string;
  value: T;
  options: ReadonlyArray<Segment<T>>;
  onChange: (value: T) => void;
  size?: "sm" | "xs";
}

/** One choice out of a few, side by side: a radio group, so Tab enters it and the arrow keys move. */
export function SegmentedControl<T extends string | number>({
  label,
  value,
  options,
  onChange,
  size = "sm",
}: SegmentedControlProps<T>) {
  const group = useRef<HTMLDivElement>(null);
  const move = (step: number) => {
    const index = (options.findIndex((o) => o.value === value) + step + options.length) % options.length;
    onChange(options[index]!.value);
    group.current?.querySelectorAll<HTMLElement>('[role="radio"]')[index]?.focus();
  };
  return (
    <div
      ref={group}
      role="radiogroup"
      aria-label={label}
      className="inline-flex rounded-md border border-zinc-200 bg-white p-0.5 dark:border-zinc-700 dark:bg-zinc-900"
    >
      {options.map((option) => {
        const checked = option.value === value;
        const Icon = option.icon;
        return (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={checked}
            aria-label={Icon ? option.label : undefined}
            title={Icon ? option.label : undefined}
            tabIndex={checked ? 0 : -1}
            onClick={() => onChange(option.value)}
            onKeyDown={(event) => {
              const step =
                event.key === "ArrowRight" || event.key === "ArrowDown"
                  ? 1
                  : event.key === "ArrowLeft" || event.key === "ArrowUp"
                    ? -1
                    : 0;
              if (!step) return;
              event.preventDefault();
              move(step);
            }}
            className={clsx(
              "flex items-center justify-center rounded font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-emerald-500",
              Icon ? "size-6" : size === "xs" ? "h-6 px-2 text-xs" : "h-7 px-2.5 text-xs",
              checked
                ? "bg-zinc-200/80 text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50"
                : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {Icon ? <Icon className="size-3.5" aria-hidden /> : option.label}
          </button>
        );
      })}
    </div>
  );
}
