"use client";
import { Search, X } from "lucide-react";
import { useEffect, useState } from "react";
import { CLUSTER_STATUSES } from "@/domain/cluster/lifecycle";
import { useDebouncedValue } from "../../hooks/use-debounced-value";
import type { ClusterStatus, ClusterType } from "../../lib/api-types";
import { Button } from "../ui/button";
import { Input, Select } from "../ui/field";
import { CLUSTER_STATUS_STYLE } from "../ui/statuses";
import { CLUSTER_TYPE_LABELS, CLUSTER_TYPES } from "./cluster-types";

export interface ClusterFilterValues {
  status?: ClusterStatus;
  type?: ClusterType;
  search: string;
}

interface ClusterFiltersProps {
  value: ClusterFilterValues;
  onChange: (next: ClusterFilterValues) => void;
}

export function ClusterFilters({ value, onChange }: ClusterFiltersProps) {
  const [search, setSearch] = useState(value.search);
  const debounced = useDebouncedValue(search, 250);

  useEffect(() => {
    if (debounced !== value.search) onChange({ ...value, search: debounced });
    // Only the typed text drives this; the other filters change through onChange directly.
  }, [debounced]);

  const active = value.status || value.type || value.search;

  return (
    <div role="search" className="flex flex-wrap items-center gap-2">
      <div className="relative w-full sm:w-64">
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400"
          aria-hidden
        />
        <Input
          type="search"
          aria-label="Search clusters by name"
          placeholder="Search by name…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="pl-8"
        />
      </div>
      <Select
        aria-label="Status"
        value={value.status ?? ""}
        onChange={(event) =>
          onChange({ ...value, status: (event.target.value || undefined) as ClusterStatus | undefined })
        }
        className="w-auto min-w-36"
      >
        <option value="">All statuses</option>
        {CLUSTER_STATUSES.map((status) => (
          <option key={status} value={status}>
            {CLUSTER_STATUS_STYLE[status].label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Type"
        value={value.type ?? ""}
        onChange={(event) => onChange({ ...value, type: (event.target.value || undefined) as ClusterType | undefined })}
        className="w-auto min-w-32"
      >
        <option value="">All types</option>
        {CLUSTER_TYPES.map((type) => (
          <option key={type} value={type}>
            {CLUSTER_TYPE_LABELS[type]}
          </option>
        ))}
      </Select>
      {active && (
        <Button
          variant="ghost"
          onClick={() => {
            setSearch("");
            onChange({ search: "" });
          }}
        >
          <X aria-hidden /> Clear
        </Button>
      )}
    </div>
  );
}
