"use client";
import { X } from "lucide-react";
import type { FilterPatch, FilterValues } from "../../hooks/use-filter-params";
import type { taskFilterParsers } from "../../hooks/use-task-filter-params";
import type { ClusterFigures } from "../../lib/api-types";
import { clusterOptions } from "../clusters/cluster-options";
import { Button } from "../ui/button";
import { FilterSelect, optionsOf } from "../ui/filter-select";
import { SearchInput } from "../ui/search-input";
import { TASK_STATUS_STYLE, TASK_STATUSES } from "../ui/statuses";

const STATUS_OPTIONS = optionsOf(TASK_STATUSES, (status) => TASK_STATUS_STYLE[status].label);

interface TaskFiltersProps {
  value: FilterValues<typeof taskFilterParsers>;
  clusters: ClusterFigures[] | undefined;
  onChange: (patch: FilterPatch<typeof taskFilterParsers>) => void;
}

/** Text, status and cluster narrow the list; subtasks are left out unless asked for. */
export function TaskFilters({ value, clusters, onChange }: TaskFiltersProps) {
  const filtered = Boolean(value.q || value.status || value.cluster);
  return (
    <search className="mb-3 flex flex-wrap items-center gap-2">
      <SearchInput
        label="Search tasks"
        placeholder="Search by id, prompt, type, role or error…"
        value={value.q}
        onChange={(q) => onChange({ q })}
        className="w-full sm:w-72"
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
        label="Cluster"
        all="All clusters"
        value={value.cluster}
        options={clusterOptions(clusters)}
        onChange={(cluster) => onChange({ cluster })}
        className="max-w-56 min-w-36"
      />
      <label className="flex h-8 cursor-pointer items-center gap-2 rounded-md px-2 text-sm text-zinc-700 select-none hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
        <input
          type="checkbox"
          checked={value.subtasks}
          onChange={(event) => onChange({ subtasks: event.target.checked })}
          className="size-3.5 accent-emerald-600"
        />
        Show subtasks
      </label>
      {filtered && (
        <Button variant="ghost" onClick={() => onChange({ q: null, status: null, cluster: null })}>
          <X aria-hidden /> Clear
        </Button>
      )}
    </search>
  );
}
