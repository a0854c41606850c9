"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useApprovalFilterParams } from "../../hooks/use-approval-filter-params";
import { useLiveEvents } from "../../hooks/use-live-events";
import { useNow } from "../../hooks/use-now";
import { usePermissions } from "../../hooks/use-permissions";
import { useTRPC } from "../../trpc";
import { clusterOptions } from "../clusters/cluster-options";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { FilterBar } from "../ui/filter-bar";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { ApprovalCard } from "./approval-card";

const PAGE_SIZE = 20;

/** The queue of tasks waiting for a person's decision; it changes live as tasks arrive and are decided. */
export function ApprovalsView() {
  const trpc = useTRPC();
  useLiveEvents({ all: true });
  const now = useNow();
  const { canOperate } = usePermissions();
  const { filters, cursor, setFilters, setCursor } = useApprovalFilterParams();
  const list = useQuery({
    ...trpc.approvals.list.queryOptions({ clusterId: filters.cluster ?? undefined, limit: PAGE_SIZE, cursor }),
    placeholderData: keepPreviousData,
  });
  const clusters = useQuery(trpc.system.overview.queryOptions({}));

  return (
    <>
      <PageHeader
        title="Approvals"
        description="Tasks for roles that require approval wait here, routed to no agent, until an operator approves or rejects them."
      />
      <FilterBar
        value={filters}
        onChange={setFilters}
        className="mb-3"
        selects={[
          {
            key: "cluster",
            label: "Cluster",
            all: "All clusters",
            options: clusterOptions(clusters.data),
            className: "max-w-56 min-w-36",
          },
        ]}
        onClear={() => setFilters({ cluster: null })}
        active={Boolean(filters.cluster)}
      />
      <Panel bodyClassName="" id="approvals">
        {list.isError ? (
          <ErrorState
            title="Could not load the approvals"
            error={list.error}
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        ) : list.data && list.data.items.length === 0 ? (
          <EmptyState
            icon={ShieldCheck}
            title="Nothing waits for approval"
            description="Tasks for a role with `approval: required` in its blueprint appear here as they arrive."
          />
        ) : (
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            {list.data?.items.map((approval) => (
              <ApprovalCard key={approval.task.id} approval={approval} now={now} canDecide={canOperate} />
            ))}
            {list.data && list.data.total > PAGE_SIZE && <Pagination page={list.data} onChange={setCursor} />}
          </div>
        )}
      </Panel>
    </>
  );
}
