import clsx from "clsx";
import { Select } from "./field";

export interface FilterOption<T extends string> {
  value: T;
  label: string;
}

interface FilterSelectProps<T extends string> {
  /** The accessible name, e.g. "Status". */
  label: string;
  /** The first choice, which sets no filter, e.g. "All statuses". */
  all: string;
  value: T | null;
  options: ReadonlyArray<FilterOption<T>>;
  onChange: (value: T | null) => void;
  className?: string;
}

/** One filter of a list: all, or one of a fixed set of typed values. */
export function FilterSelect<T extends string>({
  label,
  all,
  value,
  options,
  onChange,
  className,
}: FilterSelectProps<T>) {
  return (
    <Select
      aria-label={label}
      value={value ?? ""}
      onChange={(event) => onChange(options.find((option) => option.value === event.target.value)?.value ?? null)}
      className={clsx("w-auto", className)}
    >
      <option value="">{all}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </Select>
  );
}

/** Options from a list of values and how each reads. */
export function optionsOf<T extends string>(values: readonly T[], label: (value: T) => string): FilterOption<T>[] {
  return values.map((value) => ({ value, label: label(value) }));
}
