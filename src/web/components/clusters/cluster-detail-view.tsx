"use client";
import { useQuery } from "@tanstack/react-query";
import { ArchiveX, Network, SearchX } from "lucide-react";
import { useQueryState } from "nuqs";
import { useCallback, useMemo, useState } from "react";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useLiveEvents } from "../../hooks/use-live-events";
import { usePermissions } from "../../hooks/use-permissions";
import { isMissing } from "../../lib/api-error";
import type { AgentStatus } from "../../lib/api-types";
import { rolesOf } from "../../lib/blueprint-roles";
import { formatDateTime, formatRange, formatRelative } from "../../lib/format";
import { useTRPC, useTRPCClient } from "../../trpc";
import { AgentDrawer } from "../agents/agent-drawer";
import { MetricsPanel } from "../charts/metrics-panel";
import { HierarchyTree } from "../hierarchy/hierarchy-tree";
import { ManifestDownloadButton } from "../manifests/manifest-download-button";
import { MemoryBrowser } from "../memory/memory-browser";
import { HealButton } from "../overview/heal-dialog";
import { RecentHealing } from "../overview/recent-healing";
import { SchedulesPanel } from "../schedules/schedules-panel";
import { RecentTasks, TaskConsole } from "../tasks/task-console";
import { taskFlow } from "../tasks/task-flow";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { Loading, Placeholders, Skeleton } from "../ui/skeleton";
import { Stat, StatGrid } from "../ui/stat";
import { StatusBadge } from "../ui/status-badge";
import { statusStyle } from "../ui/statuses";
import { AddAgentForm } from "./add-agent-form";
import { AgentsTable } from "./agents-table";
import { ClusterDetails } from "./cluster-details";
import { ClusterHistory } from "./cluster-history";
import { ClusterSkeleton } from "./cluster-skeleton";
import { CLUSTER_TYPE_LABELS } from "./cluster-types";
import { CostPanel } from "./cost-panel";
import { LifecycleActions } from "./lifecycle-actions";
import { ScalePanel } from "./scale-panel";
import { ScalingLog } from "./scaling-log";
import { SessionsPanel } from "./sessions-panel";

export function ClusterDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { canOperate } = usePermissions();
  useLiveEvents({ clusterId: id });
  const cluster = useQuery(trpc.clusters.get.queryOptions({ id }));
  useDocumentTitle(cluster.data ? `${cluster.data.name} · Cluster` : undefined);
  const hierarchy = useQuery(trpc.hierarchy.get.queryOptions({ id }));
  const agents = useQuery(trpc.agents.list.queryOptions({ id }));
  const metrics = useQuery(trpc.agents.metrics.queryOptions({ id, limit: 1 }));
  // The agent whose details are open: in the URL, so a link opens them.
  const [openAgentId, setOpenAgentId] = useQueryState("agent", { scroll: false });
  const openAgent = useCallback((agentId: string) => void setOpenAgentId(agentId), [setOpenAgentId]);
  // The task sent from the console, followed down the tree and back.
  const [followed, setFollowed] = useState<string>();
  const family = useQuery({
    ...trpc.tasks.list.queryOptions({ rootTaskId: followed ?? id, limit: 200 }),
    enabled: !!followed,
  });
  const flow = useMemo(() => (family.data ? taskFlow(family.data.items) : undefined), [family.data]);
  const blueprint = useQuery({
    ...trpc.blueprints.get.queryOptions({
      id: cluster.data?.blueprintId ?? "",
      version: cluster.data?.blueprintVersion,
    }),
    enabled: cluster.isSuccess,
  });

  if (cluster.isPending) return <ClusterSkeleton />;
  if (cluster.isError) {
    if (isMissing(cluster.error)) {
      return (
        <EmptyState
          icon={SearchX}
          title="Cluster not found"
          description="It may never have existed, or the link is incomplete."
          actions={<ButtonLink href="/clusters">Back to clusters</ButtonLink>}
        />
      );
    }
    return (
      <ErrorState
        title="Could not load the cluster"
        error={cluster.error}
        onRetry={() => void cluster.refetch()}
        retrying={cluster.isFetching}
      />
    );
  }

  const c = cluster.data;
  const manual = agents.data?.filter((agent) => agent.addedManually).length ?? 0;
  const counts = new Map<string, number>();
  for (const agent of agents.data ?? []) counts.set(agent.status, (counts.get(agent.status) ?? 0) + 1);
  const byStatus = [...counts];
  const roles = blueprint.data ? rolesOf(blueprint.data) : undefined;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Clusters", href: "/clusters" }]}
        title={c.name}
        meta={
          <>
            <StatusBadge kind="cluster" status={c.status} />
            <Badge>{CLUSTER_TYPE_LABELS[c.type]}</Badge>
          </>
        }
        description={
          c.description ??
          `From blueprint ${c.blueprintId}@${c.blueprintVersion}, created ${formatRelative(c.createdAt)}.`
        }
        actions={
          <>
            <ManifestDownloadButton load={() => client.clusters.manifest.query({ id: c.id })} />
            {!c.deletedAt && canOperate && <HealButton clusterId={c.id} />}
            <LifecycleActions cluster={c} />
          </>
        }
      />

      {c.deletedAt && (
        <Alert tone="info" className="mb-4">
          This cluster was deleted on {formatDateTime(c.deletedAt)}. It stays on record; its agents are stopped.
        </Alert>
      )}

      <StatGrid>
        <Stat label="Workers" value={`${c.currentWorkers} / ${c.targetWorkers + manual}`} detail="running / planned" />
        <Stat
          label="Allowed range"
          value={formatRange(c.minWorkers, c.maxWorkers)}
          detail={`${manual} added by hand`}
        />
        <Stat
          label="Agents"
          value={agents.data?.length ?? "–"}
          detail={byStatus
            .map(([status, count]) => `${count} ${statusStyle("agent", status as AgentStatus).label.toLowerCase()}`)
            .join(", ")}
        />
        <Stat label="Status since" value={formatRelative(c.statusChangedAt)} />
      </StatGrid>

      <Panel
        className="my-6"
        title="Hierarchy"
        description={
          hierarchy.data
            ? `${hierarchy.data.agentCount} agents · supervisor → lead → specialist → worker`
            : "Who reports to whom"
        }
        id="hierarchy"
      >
        {hierarchy.isPending ? (
          <div className="flex flex-col items-center gap-5 py-2">
            <Skeleton className="h-[74px] w-64 rounded-md" />
            <div className="flex gap-4">
              <Skeleton className="h-40 w-64 rounded-md" />
              <Skeleton className="h-40 w-64 rounded-md" />
            </div>
          </div>
        ) : hierarchy.isError ? (
          <ErrorState
            title="Could not load the hierarchy"
            error={hierarchy.error}
            onRetry={() => void hierarchy.refetch()}
          />
        ) : hierarchy.data.roots.length === 0 ? (
          <EmptyState
            icon={c.deletedAt ? ArchiveX : Network}
            title="No agents"
            description={
              c.deletedAt ? "The cluster was deleted and its agents removed." : "This cluster has no agents right now."
            }
          />
        ) : (
          <HierarchyTree roots={hierarchy.data.roots} label={`Hierarchy of ${c.name}`} flow={flow} onOpen={openAgent} />
        )}
      </Panel>

      {/* Work: send a task and see it come back, next to what the cluster did lately. */}
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        {!c.deletedAt && canOperate && (
          <TaskConsole
            cluster={c}
            roles={roles}
            agents={agents.data}
            followed={followed}
            family={family.data?.items ?? []}
            onSubmitted={setFollowed}
          />
        )}
        <div className="flex min-w-0 flex-col gap-6">
          <RecentTasks clusterId={id} />
          <CostPanel clusterId={id} />
          <RecentHealing clusterId={id} />
        </div>
      </div>

      <div className="my-6">
        <MetricsPanel clusterId={id} />
      </div>

      <div className="my-6">
        <SchedulesPanel
          clusterId={id}
          roles={(roles ?? []).map((role) => role.role)}
          canOperate={!c.deletedAt && canOperate}
        />
      </div>

      <div className="my-6">
        <SessionsPanel clusterId={id} canOperate={!c.deletedAt && canOperate} />
      </div>

      <div className="my-6">
        <MemoryBrowser clusterId={id} writable={!c.deletedAt} />
      </div>

      <Panel
        title="Agents"
        description={agents.data ? `${agents.data.length} active · process, figures and restarts` : undefined}
        bodyClassName="max-h-[44rem] overflow-y-auto"
        id="agents"
        className="min-w-0 overflow-hidden"
      >
        {agents.isPending ? (
          <Loading label="Loading agents" className="space-y-2 p-4">
            <Placeholders count={4} className="h-9 w-full" />
          </Loading>
        ) : agents.isError ? (
          <ErrorState title="Could not load the agents" error={agents.error} onRetry={() => void agents.refetch()} />
        ) : agents.data.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">No agents.</p>
        ) : (
          <AgentsTable agents={agents.data} metrics={metrics.data?.perAgent} onOpen={openAgent} />
        )}
      </Panel>

      {/* Shape: size, extra agents, and the cluster's settings. */}
      <div className="mt-6 grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        {!c.deletedAt && canOperate && (
          <ScalePanel
            key={c.targetWorkers}
            cluster={c}
            blueprintBounds={blueprint.data?.workerBounds}
            manualAgents={manual}
          />
        )}
        <ScalingLog clusterId={id} />
        <ClusterHistory clusterId={id} canRollBack={!c.deletedAt && canOperate} />
        {!c.deletedAt && canOperate && <AddAgentForm cluster={c} roles={roles} agents={agents.data} />}
        <ClusterDetails cluster={c} />
      </div>

      <AgentDrawer
        agent={openAgentId ? agents.data?.find((agent) => agent.id === openAgentId) : undefined}
        metrics={metrics.data?.perAgent.find((figures) => figures.agentId === openAgentId)}
        canOperate={!c.deletedAt && canOperate}
        onClose={() => void setOpenAgentId(null)}
      />
    </>
  );
}
