"use client";
import clsx from "clsx";
import type { LucideIcon } from "lucide-react";
import { useId } from "react";

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

/**
 * One choice out of a few, side by side: native radio buttons drawn as segments, so Tab enters
 * the group and the arrow keys move the choice as in any radio group.
 */
export function SegmentedControl<T extends string | number>({
  label,
  value,
  options,
  onChange,
  size = "sm",
}: SegmentedControlProps<T>) {
  const name = useId();
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className="inline-flex rounded-md border border-zinc-200 bg-white p-0.5 dark:border-zinc-700 dark:bg-zinc-900"
    >
      {options.map((option) => {
        const checked = option.value === value;
        const Icon = option.icon;
        return (
          <label
            key={option.value}
            title={Icon ? option.label : undefined}
            className={clsx(
              "relative flex items-center justify-center rounded font-medium whitespace-nowrap transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-emerald-500",
              Icon ? "size-6" : size === "xs" ? "h-6 px-2 text-xs" : "h-7 px-2.5 text-xs",
              checked
                ? "bg-zinc-200/80 text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50"
                : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {/* The radio covers its segment, so a click anywhere on it chooses. */}
            <input
              type="radio"
              name={name}
              value={String(option.value)}
              checked={checked}
              aria-label={Icon ? option.label : undefined}
              onChange={() => onChange(option.value)}
              className="absolute inset-0 cursor-pointer appearance-none rounded opacity-0"
            />
            {Icon ? <Icon className="size-3.5" aria-hidden /> : option.label}
          </label>
        );
      })}
    </div>
  );
}
