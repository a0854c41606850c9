"use client";
import { useQuery } from "@tanstack/react-query";
import { SearchX } from "lucide-react";
import { useMemo } from "react";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useLiveEvents } from "../../hooks/use-live-events";
import { usePermissions } from "../../hooks/use-permissions";
import { isMissing } from "../../lib/api-error";
import { formatDuration, formatRelative, formatUsd } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { ApprovalPanel } from "../approvals/approval-panel";
import { ButtonLink } from "../ui/button";
import { CodeBlock } from "../ui/code-block";
import { DefinitionList } from "../ui/definition-list";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { Loading, Skeleton } from "../ui/skeleton";
import { Stat, StatGrid } from "../ui/stat";
import { StatusBadge } from "../ui/status-badge";
import { DeadLetterPanel } from "./dead-letter-panel";
import { PriorityBadge } from "./priority-badge";
import { SubtaskTree } from "./subtask-tree";
import { TaskActions } from "./task-actions";
import { promptOf, shortId, targetText } from "./task-text";
import { TaskTimeline } from "./task-timeline";
import { subtaskTree, taskTimeline } from "./task-timeline-model";
import { TaskWaterfall } from "./task-waterfall";

const WAIT_REASONS = {
  requests: "its requests per minute are used up",
  tokens: "its tokens per minute are used up",
  concurrency: "all its concurrent calls are taken",
  retry_after: "it answered 429 and asked everyone to wait",
  budget: "the cluster's hard budget is spent",
} as const;

const json = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

/** One task: its timeline (routing, attempts, delegation, result), its subtasks, what it was asked and what it answered. */
export function TaskDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  // A task waiting for its provider's turn sends no events meanwhile: look again until it goes.
  const task = useQuery({
    ...trpc.tasks.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data?.waitingFor ? 2000 : false),
  });
  const trace = useQuery(trpc.tasks.trace.queryOptions({ id }));
  useDocumentTitle(task.data ? `Task ${shortId(task.data.id)} (${task.data.status.toLowerCase()})` : undefined);
  const clusterId = task.data?.clusterId;
  useLiveEvents(clusterId ? { clusterId } : undefined);
  const rootId = task.data ? (task.data.rootTaskId ?? task.data.id) : undefined;
  const family = useQuery({
    ...trpc.tasks.list.queryOptions({ rootTaskId: rootId ?? id, limit: 200 }),
    enabled: !!rootId,
  });
  const agents = useQuery({
    ...trpc.agents.list.queryOptions({ id: clusterId ?? "", includeRemoved: true }),
    enabled: !!clusterId,
  });
  const cluster = useQuery({ ...trpc.clusters.get.queryOptions({ id: clusterId ?? "" }), enabled: !!clusterId });

  const names = useMemo(() => new Map((agents.data ?? []).map((agent) => [agent.id, agent.name])), [agents.data]);
  const agentName = (agentId: string | null) =>
    agentId ? (names.get(agentId) ?? `agent ${shortId(agentId)}`) : "no agent yet";

  if (task.isPending) return <TaskSkeleton />;
  if (task.isError) {
    if (isMissing(task.error)) {
      return (
        <EmptyState
          icon={SearchX}
          title="Task not found"
          description="It may never have existed, or the link is incomplete."
          actions={<ButtonLink href="/tasks">Back to tasks</ButtonLink>}
        />
      );
    }
    return <ErrorState title="Could not load the task" error={task.error} onRetry={() => void task.refetch()} />;
  }

  const t = task.data;
  const related = (family.data?.items ?? []).filter((other) => other.id !== t.id);
  const below = subtaskTree(t.id, related);
  const steps = taskTimeline(t, related, agentName);
  const finished = t.status === "SUCCEEDED" || t.status === "FAILED" || t.status === "CANCELLED";
  // From the root down to the parent; until the trace is in, at least the parent.
  const ancestors =
    trace.data?.ancestors.map((a) => ({ id: a.id, label: a.label })) ??
    (t.parentTaskId ? [{ id: t.parentTaskId, label: "" }] : []);

  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Tasks", href: "/tasks" },
          ...ancestors.map((a, index) => ({
            label: `${index === 0 ? "Root" : "Subtask"} ${shortId(a.id)}`,
            href: `/tasks/${a.id}`,
          })),
        ]}
        title={<span className="font-mono">{shortId(t.id)}</span>}
        meta={
          <>
            <StatusBadge kind="task" status={t.status} />
            <PriorityBadge priority={t.priority} />
          </>
        }
        description={promptOf(t) || "No payload"}
        actions={
          <>
            {canOperate && <TaskActions task={t} />}
            {cluster.data && <ButtonLink href={`/clusters/${t.clusterId}`}>{cluster.data.name}</ButtonLink>}
          </>
        }
      />

      <StatGrid>
        <Stat
          label="Target"
          value={<span className="text-base">{targetText(t, (agentId) => names.get(agentId))}</span>}
        />
        <Stat label="Agent" value={<span className="text-base">{t.agentId ? agentName(t.agentId) : "–"}</span>} />
        <Stat
          label="Attempts"
          value={`${t.attempts} / ${t.maxAttempts}`}
          detail={t.duplicateRuns ? `${t.duplicateRuns} duplicate` : undefined}
        />
        <Stat
          label="Took"
          value={t.durationMs !== null ? formatDuration(t.durationMs) : "–"}
          detail={`submitted ${formatRelative(t.createdAt)}`}
        />
        <Stat
          label="Cost"
          value={t.costUsd !== null ? formatUsd(t.costUsd) : "–"}
          detail={t.costUsd === null ? "no usage, or its model has no price" : undefined}
        />
      </StatGrid>

      {t.waitingFor && (
        <p
          role="status"
          data-testid="waiting-for-provider"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          Waiting for provider <span className="font-mono">{t.waitingFor.provider}</span>:{" "}
          {WAIT_REASONS[t.waitingFor.reason]} (since {formatRelative(t.waitingFor.since)}). The call has not been made
          yet.
        </p>
      )}
      {t.approval && (
        <ApprovalPanel
          approval={t.approval}
          taskId={t.id}
          waiting={t.status === "AWAITING_APPROVAL"}
          canDecide={canOperate}
        />
      )}
      <Panel
        className="mt-6"
        title="Trace"
        description="The task and its subtasks on one time axis: the wait for an agent (thin) and every attempt, with its agent, times and error"
        id="trace"
      >
        {trace.data ? (
          <TaskWaterfall trace={trace.data} currentId={t.id} />
        ) : trace.isError ? (
          <ErrorState title="Could not load the trace" error={trace.error} onRetry={() => void trace.refetch()} />
        ) : (
          <Loading label="Loading the trace">
            <Skeleton className="h-24 w-full" />
          </Loading>
        )}
      </Panel>

      <div className="mt-6 grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        <Panel title="Timeline" description="Routing, attempts, delegation and result" id="timeline">
          <TaskTimeline steps={steps} />
        </Panel>
        <div className="flex min-w-0 flex-col gap-6">
          {below.length > 0 && (
            <Panel
              title="Delegated"
              description={`${related.filter((r) => r.parentTaskId === t.id).length} subtasks directly, ${related.length} below in all`}
              id="subtasks"
            >
              <SubtaskTree nodes={below} agentName={agentName} />
            </Panel>
          )}
          <Panel title={finished ? (t.status === "SUCCEEDED" ? "Result" : "Error") : "Result"} id="result">
            {!finished ? (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">
                Not finished yet; the result shows here when it arrives.
              </p>
            ) : t.status === "SUCCEEDED" ? (
              <CodeBlock code={json(t.result)} title="result" className="[&_pre]:max-h-[28rem] [&_pre]:overflow-auto" />
            ) : (
              <p className="text-sm text-red-700 dark:text-red-400">{t.error ?? "no reason recorded"}</p>
            )}
          </Panel>
          {t.status === "FAILED" && t.parentTaskId === null && <DeadLetterPanel taskId={t.id} agentName={agentName} />}
          <Panel title="Request" id="request">
            <DefinitionList
              rows={[
                [
                  "Type",
                  <span key="type" className="font-mono text-xs">
                    {t.type}
                  </span>,
                ],
                ["Source", t.source],
                ["Session key", t.sessionKey ?? "–"],
                ["Timeout", formatDuration(t.timeoutMs)],
                [
                  "Origin",
                  t.depth === 0
                    ? `submitted through ${t.source}`
                    : `delegated ${t.depth === 1 ? "by the root task" : `${t.depth} levels below the root task`}`,
                ],
                [
                  "Trace",
                  // Look it up in the tracing tool the spans are exported to (Jaeger, Tempo, …).
                  <span key="trace" className="font-mono text-xs" data-testid="trace-id" title="OpenTelemetry trace id">
                    {t.traceId ?? "not traced (OTEL_EXPORTER_OTLP_ENDPOINT unset)"}
                  </span>,
                ],
              ]}
            />
            <CodeBlock code={json(t.payload)} title="payload" className="mt-4 [&_pre]:max-h-64 [&_pre]:overflow-auto" />
          </Panel>
        </div>
      </div>
    </>
  );
}

function TaskSkeleton() {
  return (
    <Loading label="Loading task">
      <Skeleton className="mb-2 h-3 w-24" />
      <Skeleton className="mb-6 h-7 w-64" />
      <Skeleton className="h-[72px] w-full rounded-lg" />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-72 w-full rounded-lg" />
        <Skeleton className="h-72 w-full rounded-lg" />
      </div>
    </Loading>
  );
}
