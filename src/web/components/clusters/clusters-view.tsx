"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Boxes, Network, Plus, SearchX, Wand2 } from "lucide-react";
import { useState } from "react";
import { useClusterFilterParams } from "../../hooks/use-cluster-filter-params";
import { useDebouncedValue } from "../../hooks/use-debounced-value";
import { useLiveEvents } from "../../hooks/use-live-events";
import { usePermissions } from "../../hooks/use-permissions";
import { useTRPC } from "../../trpc";
import { Button, ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { ClusterFilters } from "./cluster-filters";
import { ClusterTable } from "./cluster-table";
import { CreateClusterDialog } from "./create-cluster-dialog";

const PAGE_SIZE = 20;

/** The clusters overview. Filters and page live in the URL, so a view can be shared or reloaded. */
export function ClustersView() {
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const { canOperate, canAdmin } = usePermissions();
  useLiveEvents({ all: true });

  const { filters, cursor, setFilters, clearFilters, setCursor } = useClusterFilterParams();
  // Typing does not fire a request per key.
  const search = useDebouncedValue(filters.q.trim(), 250);
  const filtered = Boolean(filters.status || filters.type || search);

  const list = useQuery({
    ...trpc.clusters.list.queryOptions({
      status: filters.status ?? undefined,
      type: filters.type ?? undefined,
      search: search || undefined,
      // Deleted clusters only show when asked for by status.
      includeDeleted: filters.status === "DESTROYED",
      limit: PAGE_SIZE,
      cursor,
    }),
    placeholderData: keepPreviousData,
  });
  // Open tasks, throughput and errors of every cluster that runs (kept fresh by live events).
  const figures = useQuery(trpc.system.overview.queryOptions({}));

  const newCluster = canOperate && (
    <>
      {canAdmin && (
        <ButtonLink href="/clusters/plan">
          <Wand2 aria-hidden /> Plan a cluster
        </ButtonLink>
      )}
      <Button variant="primary" onClick={() => setCreating(true)}>
        <Plus aria-hidden /> New cluster
      </Button>
    </>
  );

  return (
    <>
      <PageHeader
        title="Clusters"
        description="Groups of agents created from blueprints, with their lifecycle and size."
        actions={newCluster}
      />

      <div className="mb-3">
        <ClusterFilters value={filters} onChange={setFilters} onClear={clearFilters} />
      </div>

      <Panel bodyClassName="" id="clusters">
        {list.isError ? (
          <ErrorState
            title="Could not load the clusters"
            error={list.error}
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        ) : (
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <ClusterTable
              clusters={list.data?.items}
              figures={figures.data}
              empty={
                list.data?.total === 0 && !filtered ? (
                  <EmptyState
                    icon={Network}
                    title="No clusters yet"
                    description="A cluster runs the roles of a blueprint — supervisor, leads, specialists and workers — as agents. Create your first one from a blueprint."
                    actions={
                      <>
                        {newCluster}
                        <ButtonLink href="/blueprints">
                          <Boxes aria-hidden /> Browse blueprints
                        </ButtonLink>
                      </>
                    }
                  />
                ) : (
                  <EmptyState
                    icon={SearchX}
                    title="No clusters match these filters"
                    description="Try another status or type, or clear the search."
                    actions={<Button onClick={clearFilters}>Clear filters</Button>}
                  />
                )
              }
            />
            {list.data && list.data.total > PAGE_SIZE && <Pagination page={list.data} onChange={setCursor} />}
          </div>
        )}
      </Panel>

      <CreateClusterDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
