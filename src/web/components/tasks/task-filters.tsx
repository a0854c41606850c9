"use client";
import type { FilterPatch, FilterValues } from "../../hooks/use-filter-params";
import type { taskFilterParsers } from "../../hooks/use-task-filter-params";
import type { ClusterFigures } from "../../lib/api-types";
import { clusterOptions } from "../clusters/cluster-options";
import { FilterBar } from "../ui/filter-bar";
import { optionsOf } from "../ui/filter-select";
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
  return (
    <FilterBar
      value={value}
      onChange={onChange}
      className="mb-3"
      selects={[
        { key: "status", label: "Status", all: "All statuses", options: STATUS_OPTIONS, className: "min-w-36" },
        {
          key: "cluster",
          label: "Cluster",
          all: "All clusters",
          options: clusterOptions(clusters),
          className: "max-w-56 min-w-36",
        },
      ]}
      // Clearing keeps "Show subtasks": it says what kind of list this is, not what is searched for.
      onClear={() => onChange({ q: null, status: null, cluster: null })}
      active={Boolean(value.q || value.status || value.cluster)}
      search={
        <SearchInput
          label="Search tasks"
          placeholder="Search by id, prompt, type, role or error…"
          value={value.q}
          onChange={(q) => onChange({ q })}
          className="w-full sm:w-72"
        />
      }
      extra={
        <label className="flex h-8 cursor-pointer items-center gap-2 rounded-md px-2 text-sm text-zinc-700 select-none hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
          <input
            type="checkbox"
            checked={value.subtasks}
            onChange={(event) => onChange({ subtasks: event.target.checked })}
            className="size-3.5 accent-emerald-600"
          />
          Show subtasks
        </label>
      }
    />
  );
}
