import clsx from "clsx";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";
import { type FilterOption, FilterSelect } from "./filter-select";

/** One select of a filter bar, typed against the filter it sets. */
export type SelectFilter<V> = {
  [K in keyof V & string]: {
    key: K;
    label: string;
    all: string;
    options: ReadonlyArray<FilterOption<NonNullable<V[K]> & string>>;
    className?: string;
  };
}[keyof V & string];

interface FilterBarProps<V> {
  value: V;
  onChange: (patch: { [K in keyof V]?: V[K] | null }) => void;
  selects: ReadonlyArray<SelectFilter<V>>;
  /** A search box, before the selects. */
  search?: ReactNode;
  /** More controls after the selects (a checkbox, a count). */
  extra?: ReactNode;
  /** With it, a Clear button shows while any filter is set. */
  onClear?: () => void;
  active?: boolean;
  label?: string;
  className?: string;
}

/** The filters above a list: a search box, typed selects, and Clear. */
export function FilterBar<V>({
  value,
  onChange,
  selects,
  search,
  extra,
  onClear,
  active,
  label,
  className,
}: FilterBarProps<V>) {
  return (
    <search aria-label={label} className={clsx("flex flex-wrap items-center gap-2", className)}>
      {search}
      {selects.map((select) => (
        <FilterSelect
          key={select.key}
          label={select.label}
          all={select.all}
          value={(value[select.key] ?? null) as string | null}
          options={select.options}
          onChange={(next) => onChange({ [select.key]: next } as { [K in keyof V]?: V[K] | null })}
          className={select.className}
        />
      ))}
      {extra}
      {onClear && active && (
        <Button variant="ghost" onClick={onClear}>
          <X aria-hidden /> Clear
        </Button>
      )}
    </search>
  );
}
