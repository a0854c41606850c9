"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ListChecks, SearchX } from "lucide-react";
import { useMemo } from "react";
import { useDebouncedValue } from "../../hooks/use-debounced-value";
import { useLiveEvents } from "../../hooks/use-live-events";
import { useTaskFilterParams } from "../../hooks/use-task-filter-params";
import { useTRPC } from "../../trpc";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { StatusCounts } from "./status-counts";
import { TaskFilters } from "./task-filters";
import { TaskTable } from "./task-table";

const PAGE_SIZE = 50;

/** Every task, newest first, searchable; new tasks appear and running ones finish as it happens. */
export function TasksView() {
  const trpc = useTRPC();
  useLiveEvents({ all: true });
  const { filters, cursor, setFilters, setCursor } = useTaskFilterParams();
  // Typing does not fire a request per key.
  const search = useDebouncedValue(filters.q.trim(), 250);

  const list = useQuery({
    ...trpc.tasks.list.queryOptions({
      search: search || undefined,
      status: filters.status ?? undefined,
      clusterId: filters.cluster ?? undefined,
      rootsOnly: !filters.subtasks,
      limit: PAGE_SIZE,
      cursor,
    }),
    placeholderData: keepPreviousData,
  });
  const counts = useQuery({
    ...trpc.tasks.counts.queryOptions({ clusterId: filters.cluster ?? undefined, rootsOnly: !filters.subtasks }),
    placeholderData: keepPreviousData,
  });
  const clusters = useQuery(trpc.system.overview.queryOptions({}));
  // Deleted clusters too: their tasks stay, and they are named, not shown as an id.
  const everyCluster = useQuery(trpc.clusters.list.queryOptions({ includeDeleted: true, limit: 200 }));
  const names = useMemo(
    () =>
      new Map([
        ...(everyCluster.data?.items ?? []).map((cluster) => [cluster.id, cluster.name] as const),
        ...(clusters.data ?? []).map(({ cluster }) => [cluster.id, cluster.name] as const),
      ]),
    [clusters.data, everyCluster.data],
  );
  const filtered = Boolean(search || filters.status || filters.cluster);

  return (
    <>
      <PageHeader
        title="Tasks"
        description="Everything sent to the clusters: where it went, how it was delegated, how it ended."
      />
      <TaskFilters value={filters} clusters={clusters.data} onChange={setFilters} />
      <StatusCounts
        counts={counts.data?.byStatus}
        selected={filters.status}
        onSelect={(status) => setFilters({ status })}
      />

      <Panel bodyClassName="" id="tasks">
        {list.isError ? (
          <ErrorState
            title="Could not load the tasks"
            error={list.error}
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        ) : (
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <TaskTable
              tasks={list.data?.items}
              clusterName={(id) => names.get(id)}
              empty={
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
              }
            />
            {list.data && list.data.total > PAGE_SIZE && <Pagination page={list.data} onChange={setCursor} />}
          </div>
        )}
      </Panel>
    </>
  );
}
