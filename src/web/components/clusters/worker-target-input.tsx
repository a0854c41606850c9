"use client";
import clsx from "clsx";

interface WorkerTargetInputProps {
  id: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}

/** A slider and a number box that move together, both held within [min, max]. */
export function WorkerTargetInput({
  id,
  value,
  min,
  max,
  onChange,
  disabled,
  invalid,
  describedBy,
}: WorkerTargetInputProps) {
  const fixed = min === max;
  return (
    <div className="flex items-center gap-3">
      <input
        type="range"
        aria-label="Target workers (slider)"
        min={min}
        max={max}
        step={1}
        value={Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min}
        disabled={disabled || fixed}
        onChange={(event) => onChange(Number(event.target.value))}
        className="h-1.5 flex-1 cursor-pointer accent-emerald-600 disabled:cursor-not-allowed disabled:opacity-50"
      />
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={Number.isFinite(value) ? value : ""}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value === "" ? Number.NaN : Number(event.target.value))}
        className={clsx(
          "h-8 w-20 rounded-md border border-zinc-300 bg-white px-2 text-right text-sm tabular-nums shadow-xs",
          "focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/25 focus:outline-none disabled:opacity-50",
          "aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900",
        )}
      />
    </div>
  );
}

export function isWithin(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
