import clsx from "clsx";
import { formatDuration } from "../../lib/format";
import { agentStatusLabel, CircuitBadge } from "../hierarchy/agent-status";
import { TierBadge } from "../hierarchy/tier-badge";
import { Badge } from "../ui/badge";
import type { Column } from "../ui/data-table";
import { StatusBadge } from "../ui/status-badge";
import type { AgentRow, SortKey } from "./agent-rows";

const COUNT = "px-2 tabular-nums";

/** The agents table's columns, each sortable by its key (see agent-rows); the name opens the agent's details. */
export const agentColumns = (onOpen?: (agentId: string) => void): Column<AgentRow, SortKey>[] => [
  {
    key: "name",
    header: "Agent",
    sortable: true,
    className: "px-2 first:pl-4",
    cellClassName: "max-w-60",
    cell: ({ agent }) => (
      <>
        <div className="flex items-center gap-2">
          {onOpen ? (
            <button
              type="button"
              onClick={() => onOpen(agent.id)}
              aria-haspopup="dialog"
              className="truncate rounded-sm text-left font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-100"
            >
              {agent.name}
            </button>
          ) : (
            <span className="truncate font-medium text-zinc-900 dark:text-zinc-100">{agent.name}</span>
          )}
          <TierBadge tier={agent.tier} className="hidden 2xl:inline-flex" />
          {agent.addedManually && <Badge tone="blue">manual</Badge>}
        </div>
        <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{agent.key}</span>
      </>
    ),
  },
  {
    key: "status",
    header: "Status",
    sortable: true,
    className: "px-2",
    cell: ({ agent }) => (
      <div className="flex flex-wrap items-center gap-1">
        <StatusBadge kind="agent" status={agent.status} label={agentStatusLabel(agent.status, agent.restartCount)} />
        <CircuitBadge circuit={agent.circuit} />
      </div>
    ),
  },
  {
    key: "pid",
    header: "PID",
    sortable: true,
    align: "right",
    className: "px-2",
    cellClassName: "font-mono text-xs tabular-nums text-zinc-700 dark:text-zinc-300",
    cellProps: () => ({ "data-testid": "agent-pid" }),
    cell: ({ agent }) => agent.pid ?? "–",
  },
  {
    key: "node",
    header: "Node",
    sortable: true,
    className: "hidden px-2 xl:table-cell",
    cellClassName: "max-w-36 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400",
    cellProps: ({ agent }) => ({ title: agent.nodeId ?? undefined }),
    cell: ({ agent }) => agent.nodeId ?? "–",
  },
  {
    key: "uptime",
    header: "Uptime",
    sortable: true,
    align: "right",
    className: "hidden px-2 md:table-cell",
    cellClassName: "text-xs whitespace-nowrap tabular-nums text-zinc-600 dark:text-zinc-400",
    cell: ({ uptimeSeconds }) => (uptimeSeconds === null ? "–" : formatDuration(uptimeSeconds * 1000)),
  },
  {
    key: "tasks",
    header: "Tasks",
    sortable: true,
    align: "right",
    className: COUNT,
    cell: ({ tasks }) => tasks,
  },
  {
    key: "errors",
    header: "Errors",
    sortable: true,
    align: "right",
    className: COUNT,
    cellClassName: ({ errors }) => (errors > 0 ? "text-red-600 dark:text-red-400" : "text-zinc-500"),
    cell: ({ errors }) => errors,
  },
  {
    key: "restarts",
    header: "Restarts",
    sortable: true,
    align: "right",
    className: clsx("hidden sm:table-cell", COUNT),
    cellClassName: ({ agent }) => (agent.restartCount > 0 ? "text-amber-700 dark:text-amber-300" : "text-zinc-500"),
    cell: ({ agent }) => agent.restartCount,
  },
  {
    key: "load",
    header: "Load",
    sortable: true,
    align: "right",
    className: "hidden px-2 pr-4 lg:table-cell",
    cell: ({ load }) => <LoadBar load={load} />,
  },
];

function LoadBar({ load }: { load: number | null }) {
  if (load === null) return <span className="block text-right text-zinc-500 dark:text-zinc-400">–</span>;
  const percent = Math.round(Math.min(1, load) * 100);
  return (
    <div className="ml-auto flex w-20 items-center gap-1.5" title={`${percent} % of its concurrency in use`}>
      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        <div
          className={clsx("h-full rounded-full transition-[width]", percent >= 100 ? "bg-amber-500" : "bg-emerald-500")}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="w-8 text-right text-xs tabular-nums text-zinc-500 dark:text-zinc-400">{percent}%</span>
    </div>
  );
}
