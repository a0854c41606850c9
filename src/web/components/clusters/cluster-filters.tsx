"use client";
import type { clusterFilterParsers } from "../../hooks/use-cluster-filter-params";
import type { FilterPatch, FilterValues } from "../../hooks/use-filter-params";
import { FilterBar, type SelectFilter } from "../ui/filter-bar";
import { optionsOf } from "../ui/filter-select";
import { SearchInput } from "../ui/search-input";
import { CLUSTER_STATUS_STYLE, CLUSTER_STATUSES } from "../ui/statuses";
import { CLUSTER_TYPE_LABELS, CLUSTER_TYPES } from "./cluster-types";

type Values = FilterValues<typeof clusterFilterParsers>;

const SELECTS: SelectFilter<Values>[] = [
  {
    key: "status",
    label: "Status",
    all: "All statuses",
    options: optionsOf(CLUSTER_STATUSES, (status) => CLUSTER_STATUS_STYLE[status].label),
    className: "min-w-36",
  },
  {
    key: "type",
    label: "Type",
    all: "All types",
    options: optionsOf(CLUSTER_TYPES, (type) => CLUSTER_TYPE_LABELS[type]),
    className: "min-w-32",
  },
];

interface ClusterFiltersProps {
  value: Values;
  onChange: (patch: FilterPatch<typeof clusterFilterParsers>) => void;
  onClear: () => void;
}

export function ClusterFilters({ value, onChange, onClear }: ClusterFiltersProps) {
  return (
    <FilterBar
      value={value}
      onChange={onChange}
      selects={SELECTS}
      onClear={onClear}
      active={Boolean(value.status || value.type || value.q)}
      search={
        <SearchInput
          label="Search clusters by name"
          placeholder="Search by name…"
          value={value.q}
          onChange={(q) => onChange({ q })}
          className="w-full sm:w-64"
        />
      }
    />
  );
}
