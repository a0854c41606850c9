"use client";
import { X } from "lucide-react";
import type { clusterFilterParsers } from "../../hooks/use-cluster-filter-params";
import type { FilterPatch, FilterValues } from "../../hooks/use-filter-params";
import { Button } from "../ui/button";
import { FilterSelect, optionsOf } from "../ui/filter-select";
import { SearchInput } from "../ui/search-input";
import { CLUSTER_STATUS_STYLE, CLUSTER_STATUSES } from "../ui/statuses";
import { CLUSTER_TYPE_LABELS, CLUSTER_TYPES } from "./cluster-types";

const STATUS_OPTIONS = optionsOf(CLUSTER_STATUSES, (status) => CLUSTER_STATUS_STYLE[status].label);
const TYPE_OPTIONS = optionsOf(CLUSTER_TYPES, (type) => CLUSTER_TYPE_LABELS[type]);

interface ClusterFiltersProps {
  value: FilterValues<typeof clusterFilterParsers>;
  onChange: (patch: FilterPatch<typeof clusterFilterParsers>) => void;
  onClear: () => void;
}

export function ClusterFilters({ value, onChange, onClear }: ClusterFiltersProps) {
  const active = value.status || value.type || value.q;
  return (
    <search className="flex flex-wrap items-center gap-2">
      <SearchInput
        label="Search clusters by name"
        placeholder="Search by name…"
        value={value.q}
        onChange={(q) => onChange({ q })}
        className="w-full sm:w-64"
      />
      <FilterSelect
        label="Status"
        all="All statuses"
        value={value.status}
        options={STATUS_OPTIONS}
        onChange={(status) => onChange({ status })}
        className="min-w-36"
      />
      <FilterSelect
        label="Type"
        all="All types"
        value={value.type}
        options={TYPE_OPTIONS}
        onChange={(type) => onChange({ type })}
        className="min-w-32"
      />
      {active && (
        <Button variant="ghost" onClick={onClear}>
          <X aria-hidden /> Clear
        </Button>
      )}
    </search>
  );
}
