"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Boxes, Network, Plus, SearchX } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { CLUSTER_STATUSES } from "@/domain/cluster/lifecycle";
import { useLiveEvents } from "../../hooks/use-live-events";
import { usePermissions } from "../../hooks/use-permissions";
import type { ClusterStatus } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Button, ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { ClusterFilters, type ClusterFilterValues } from "./cluster-filters";
import { ClusterTable, ClusterTableSkeleton } from "./cluster-table";
import { isClusterType } from "./cluster-types";
import { CreateClusterDialog } from "./create-cluster-dialog";

const PAGE_SIZE = 20;

function isStatus(value: string | null): value is ClusterStatus {
  return CLUSTER_STATUSES.includes(value as ClusterStatus);
}

/** The clusters overview. Filters and page live in the URL, so a view can be shared or reloaded. */
export function ClustersView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [creating, setCreating] = useState(false);
  const { canOperate } = usePermissions();
  useLiveEvents({ all: true });

  const statusParam = params.get("status");
  const typeParam = params.get("type") ?? "";
  const filters: ClusterFilterValues = {
    status: isStatus(statusParam) ? statusParam : undefined,
    type: isClusterType(typeParam) ? typeParam : undefined,
    search: params.get("q") ?? "",
  };
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const filtered = Boolean(filters.status || filters.type || filters.search);

  const list = useQuery({
    ...trpc.clusters.list.queryOptions({
      status: filters.status,
      type: filters.type,
      search: filters.search || undefined,
      // Deleted clusters only show when asked for by status.
      includeDeleted: filters.status === "DESTROYED",
      limit: PAGE_SIZE,
      offset,
    }),
    placeholderData: keepPreviousData,
  });

  const navigate = (next: ClusterFilterValues, nextOffset = 0) => {
    const query = new URLSearchParams();
    if (next.status) query.set("status", next.status);
    if (next.type) query.set("type", next.type);
    if (next.search) query.set("q", next.search);
    if (nextOffset) query.set("offset", String(nextOffset));
    const search = query.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };

  const newCluster = canOperate && (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden /> New cluster
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Clusters"
        description="Groups of agents created from blueprints, with their lifecycle and size."
        actions={newCluster}
      />

      <div className="mb-3">
        <ClusterFilters value={filters} onChange={(next) => navigate(next)} />
      </div>

      <Panel bodyClassName="" id="clusters">
        {list.isPending ? (
          <ClusterTableSkeleton />
        ) : list.isError ? (
          <ErrorState
            title="Could not load the clusters"
            error={list.error}
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        ) : list.data.total === 0 && !filtered ? (
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
        ) : list.data.items.length === 0 ? (
          <EmptyState
            icon={SearchX}
            title="No clusters match these filters"
            description="Try another status or type, or clear the search."
            actions={<Button onClick={() => navigate({ search: "" })}>Clear filters</Button>}
          />
        ) : (
          <>
            <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
              <ClusterTable clusters={list.data.items} />
            </div>
            {list.data.total > PAGE_SIZE && (
              <Pagination
                offset={offset}
                limit={PAGE_SIZE}
                total={list.data.total}
                onChange={(next) => navigate(filters, next)}
              />
            )}
          </>
        )}
      </Panel>

      <CreateClusterDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
