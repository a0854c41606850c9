"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Agent, AgentMetrics, Task } from "../../lib/api-types";
import { formatDateTime, formatDuration, formatPercent, formatRelative } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { HealingEntryItem } from "../healing/healing-entry";
import { agentStatusLabel, CircuitBadge } from "../hierarchy/agent-status";
import { TierBadge } from "../hierarchy/tier-badge";
import { promptOf } from "../tasks/task-text";
import { Badge } from "../ui/badge";
import { DefinitionList } from "../ui/definition-list";
import { Drawer } from "../ui/drawer";
import { StatusBadge } from "../ui/status-badge";
import { AgentActions } from "./agent-actions";
import { AgentOutput } from "./agent-output";

interface AgentDrawerProps {
  agent: Agent | undefined;
  metrics: AgentMetrics | undefined;
  canOperate: boolean;
  onClose: () => void;
}

/** Everything about one agent: its process and figures, its tasks, its restarts and circuit, its output, and actions. */
export function AgentDrawer({ agent, metrics, canOperate, onClose }: AgentDrawerProps) {
  return (
    <Drawer
      open={!!agent}
      onClose={onClose}
      testId="agent-drawer"
      title={agent?.name ?? ""}
      meta={
        agent && (
          <>
            <StatusBadge
              kind="agent"
              status={agent.status}
              label={agentStatusLabel(agent.status, agent.restartCount)}
            />
            <CircuitBadge circuit={agent.circuit} />
            <TierBadge tier={agent.tier} />
            {agent.addedManually && <Badge tone="blue">manual</Badge>}
            <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{agent.key}</span>
          </>
        )
      }
    >
      {agent && <AgentDetails agent={agent} metrics={metrics} canOperate={canOperate} onClose={onClose} />}
    </Drawer>
  );
}

function AgentDetails({
  agent,
  metrics,
  canOperate,
  onClose,
}: Required<Omit<AgentDrawerProps, "agent" | "metrics">> & {
  agent: Agent;
  metrics: AgentMetrics | undefined;
}) {
  const trpc = useTRPC();
  const running = useQuery(
    trpc.tasks.list.queryOptions({ clusterId: agent.clusterId, agentId: agent.id, status: "RUNNING", limit: 10 }),
  );
  const recent = useQuery(trpc.tasks.list.queryOptions({ clusterId: agent.clusterId, agentId: agent.id, limit: 10 }));
  const history = useQuery(trpc.healing.history.queryOptions({ agentId: agent.id, limit: 20 }));

  return (
    <>
      {canOperate && !agent.removedAt && <AgentActions agent={agent} onRemoved={onClose} />}

      <Section title="Process">
        <DefinitionList
          rows={[
            ["Role", agent.role],
            [
              "PID",
              <span key="pid" className="font-mono" data-testid="drawer-pid">
                {agent.pid ?? "–"}
              </span>,
            ],
            [
              "Node",
              <span key="node" className="font-mono text-xs">
                {agent.nodeId ?? agent.placementWait ?? "–"}
              </span>,
            ],
            [
              "Up since",
              agent.startedAt ? `${formatDateTime(agent.startedAt)} (${formatRelative(agent.startedAt)})` : "–",
            ],
            ["Restarts", String(agent.restartCount)],
            ["Circuit", agent.circuit.replace("_", "-")],
            [
              "Tasks",
              metrics
                ? `${metrics.tasksCompleted} done, ${metrics.tasksFailed} failed of ${metrics.tasksSent}; success ${formatPercent(metrics.successRate)}`
                : "–",
            ],
            ["Response", metrics?.avgResponseMs != null ? `${formatDuration(metrics.avgResponseMs)} on average` : "–"],
          ]}
        />
      </Section>

      <Section title="Running now">
        <TaskList tasks={running.data?.items} empty="No task running." />
      </Section>

      <Section title="Recent tasks">
        <TaskList tasks={recent.data?.items} empty="No tasks yet." />
      </Section>

      <Section title="Restarts and circuit">
        {history.data && history.data.items.length > 0 ? (
          <ol aria-label={`Healing history of ${agent.name}`} data-testid="agent-history">
            {history.data.items.map((entry) => (
              <HealingEntryItem key={entry.id} entry={entry} compact />
            ))}
          </ol>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {history.isPending ? "Loading…" : "No restarts, crashes or circuit changes on record."}
          </p>
        )}
      </Section>

      <Section title="Output">
        <AgentOutput clusterId={agent.clusterId} agentId={agent.id} name={agent.name} />
      </Section>
    </>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title}>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{title}</h3>
      {children}
    </section>
  );
}

function TaskList({ tasks, empty }: { tasks: Task[] | undefined; empty: string }) {
  if (!tasks) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>;
  if (tasks.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {tasks.map((task) => (
        <li key={task.id} data-testid="agent-task" data-task-id={task.id}>
          <Link
            href={`/tasks/${task.id}`}
            className="flex items-center gap-2 px-3 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
          >
            <span className="min-w-0 flex-1">
              <span className="block truncate text-zinc-800 dark:text-zinc-200">{promptOf(task) || task.type}</span>
              {task.error && (
                <span className="block truncate text-xs text-red-700 dark:text-red-400">{task.error}</span>
              )}
            </span>
            {task.durationMs !== null && (
              <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                {formatDuration(task.durationMs)}
              </span>
            )}
            <StatusBadge kind="task" status={task.status} />
          </Link>
        </li>
      ))}
    </ul>
  );
}
