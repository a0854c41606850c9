"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ListChecks, Search, SearchX, X } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useDebouncedValue } from "../../hooks/use-debounced-value";
import { useLiveEvents } from "../../hooks/use-live-events";
import { useUrlFilters } from "../../hooks/use-url-filters";
import type { TaskStatus } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Input, Select } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { TASK_STATUS_STYLE, TASK_STATUSES } from "../ui/statuses";
import { TaskTable, TaskTableSkeleton } from "./task-table";

const PAGE_SIZE = 50;
const FILTERS = ["q", "status", "cluster", "subtasks"] as const;

/** Every task, newest first, searchable; new tasks appear and running ones finish as it happens. */
export function TasksView() {
  const trpc = useTRPC();
  useLiveEvents({ all: true });
  const { values, offset, set } = useUrlFilters(FILTERS);
  const [search, setSearch] = useState(values.q);
  const debounced = useDebouncedValue(search.trim(), 250);
  useEffect(() => {
    if (debounced !== values.q) set({ q: debounced });
    // Only the typed text drives this; the other filters go through `set` directly.
  }, [debounced]);

  const status = TASK_STATUSES.includes(values.status as TaskStatus) ? (values.status as TaskStatus) : undefined;
  const list = useQuery({
    ...trpc.tasks.list.queryOptions({
      search: values.q || undefined,
      status,
      clusterId: values.cluster || undefined,
      rootsOnly: values.subtasks !== "1",
      limit: PAGE_SIZE,
      offset,
    }),
    placeholderData: keepPreviousData,
  });
  const clusters = useQuery(trpc.system.overview.queryOptions({}));
  const names = useMemo(
    () => new Map((clusters.data ?? []).map(({ cluster }) => [cluster.id, cluster.name])),
    [clusters.data],
  );
  const filtered = Boolean(values.q || status || values.cluster);

  return (
    <>
      <PageHeader
        title="Tasks"
        description="Everything sent to the clusters: where it went, how it was delegated, how it ended."
      />
      <div role="search" className="mb-3 flex flex-wrap items-center gap-2">
        <div className="relative w-full sm:w-72">
          <Search
            className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400"
            aria-hidden
          />
          <Input
            type="search"
            aria-label="Search tasks"
            placeholder="Search by id, prompt, type, role or error…"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            className="pl-8"
          />
        </div>
        <Select
          aria-label="Status"
          value={status ?? ""}
          onChange={(event) => set({ status: event.target.value })}
          className="w-auto min-w-36"
        >
          <option value="">All statuses</option>
          {TASK_STATUSES.map((value) => (
            <option key={value} value={value}>
              {TASK_STATUS_STYLE[value].label}
            </option>
          ))}
        </Select>
        <Select
          aria-label="Cluster"
          value={values.cluster}
          onChange={(event) => set({ cluster: event.target.value })}
          className="w-auto max-w-56 min-w-36"
        >
          <option value="">All clusters</option>
          {(clusters.data ?? []).map(({ cluster }) => (
            <option key={cluster.id} value={cluster.id}>
              {cluster.name}
            </option>
          ))}
        </Select>
        <label className="flex h-8 cursor-pointer items-center gap-2 rounded-md px-2 text-sm text-zinc-700 select-none hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
          <input
            type="checkbox"
            checked={values.subtasks === "1"}
            onChange={(event) => set({ subtasks: event.target.checked ? "1" : "" })}
            className="size-3.5 accent-emerald-600"
          />
          Show subtasks
        </label>
        {filtered && (
          <Button
            variant="ghost"
            onClick={() => {
              setSearch("");
              set({ q: "", status: "", cluster: "" });
            }}
          >
            <X aria-hidden /> Clear
          </Button>
        )}
      </div>

      <Panel bodyClassName="" id="tasks">
        {list.isPending ? (
          <TaskTableSkeleton />
        ) : list.isError ? (
          <ErrorState
            title="Could not load the tasks"
            error={list.error}
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        ) : list.data.items.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={SearchX}
              title="No tasks match"
              description="Try other words or another status, or clear the filters."
            />
          ) : (
            <EmptyState
              icon={ListChecks}
              title="No tasks yet"
              description="Tasks sent to a cluster — from its page, the API or a queue — are listed here as they arrive."
            />
          )
        ) : (
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <TaskTable tasks={list.data.items} clusterName={(id) => names.get(id)} />
            {list.data.total > PAGE_SIZE && (
              <Pagination
                offset={offset}
                limit={PAGE_SIZE}
                total={list.data.total}
                onChange={(next) => set({ offset: next })}
              />
            )}
          </div>
        )}
      </Panel>
    </>
  );
}
