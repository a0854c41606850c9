"use client";
import clsx from "clsx";
import { ArrowDown, ArrowUp, ChevronsUpDown, Search } from "lucide-react";
import { useMemo, useState } from "react";
import { useNow } from "../../hooks/use-now";
import type { Agent, AgentMetrics, AgentStatus } from "../../lib/api-types";
import { formatDuration } from "../../lib/format";
import { agentStatusLabel, CircuitBadge } from "../hierarchy/agent-status";
import { TierBadge } from "../hierarchy/tier-badge";
import { Badge } from "../ui/badge";
import { Input, Select } from "../ui/field";
import { StatusBadge } from "../ui/status-badge";
import { AGENT_STATUS_STYLE, AGENT_STATUSES } from "../ui/statuses";
import { Table, TD, TH, THead, TR } from "../ui/table";
import { agentRows, filterRows, type Sort, type SortKey, sortRows } from "./agent-rows";

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean; className?: string }> = [
  { key: "name", label: "Agent" },
  { key: "status", label: "Status" },
  { key: "pid", label: "PID", numeric: true },
  { key: "node", label: "Node", className: "hidden xl:table-cell" },
  { key: "uptime", label: "Uptime", numeric: true, className: "hidden md:table-cell" },
  { key: "tasks", label: "Tasks", numeric: true },
  { key: "errors", label: "Errors", numeric: true },
  { key: "restarts", label: "Restarts", numeric: true, className: "hidden sm:table-cell" },
  { key: "load", label: "Load", numeric: true, className: "hidden lg:table-cell" },
];

type StatusFilter = AgentStatus | "" | "RESTARTED" | "CIRCUIT";

/** Every agent with its process and figures; sortable by any column, filterable by text and state. */
export function AgentsTable({ agents, metrics }: { agents: Agent[]; metrics: AgentMetrics[] | undefined }) {
  const now = useNow(1000);
  const [sort, setSort] = useState<Sort>({ key: "name", direction: "asc" });
  const [text, setText] = useState("");
  const [status, setStatus] = useState<StatusFilter>("");
  const rows = useMemo(
    () => sortRows(filterRows(agentRows(agents, metrics, now), text, status), sort),
    [agents, metrics, now, text, status, sort],
  );

  const toggle = (key: SortKey) =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === "asc" ? "desc" : "asc" }
        : { key, direction: key === "name" || key === "node" ? "asc" : "desc" },
    );

  return (
    <div>
      <div
        role="search"
        aria-label="Filter agents"
        className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800"
      >
        <div className="relative min-w-40 flex-1 sm:max-w-64">
          <Search
            className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400"
            aria-hidden
          />
          <Input
            type="search"
            aria-label="Filter agents by name, key, role, PID or node"
            placeholder="Name, role, PID, node…"
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="w-full pl-8"
          />
        </div>
        <Select
          aria-label="Agent status"
          value={status}
          onChange={(e) => setStatus(e.target.value as StatusFilter)}
          className="w-auto min-w-36"
        >
          <option value="">Every status</option>
          {AGENT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {AGENT_STATUS_STYLE[value].label}
            </option>
          ))}
          <option value="RESTARTED">Restarted at least once</option>
          <option value="CIRCUIT">Circuit not closed</option>
        </Select>
        <span className="ml-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400" aria-live="polite">
          {rows.length === agents.length ? `${agents.length} agents` : `${rows.length} of ${agents.length}`}
        </span>
      </div>
      <Table aria-label="Agents">
        <THead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              const Icon = active ? (sort.direction === "asc" ? ArrowUp : ArrowDown) : ChevronsUpDown;
              return (
                <TH
                  key={column.key}
                  aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
                  className={clsx(column.numeric && "text-right", column.className, "px-2 first:pl-4")}
                >
                  <button
                    type="button"
                    onClick={() => toggle(column.key)}
                    className={clsx(
                      "inline-flex items-center gap-1 rounded px-1 py-0.5 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:text-zinc-100",
                      active && "text-zinc-900 dark:text-zinc-100",
                    )}
                  >
                    {column.label}
                    <Icon className={clsx("size-3", !active && "opacity-40")} aria-hidden />
                  </button>
                </TH>
              );
            })}
          </tr>
        </THead>
        <tbody>
          {rows.map(({ agent, uptimeSeconds, tasks, errors, load }) => (
            <TR
              key={agent.id}
              data-testid="agent-row"
              data-agent-key={agent.key}
              data-status={agent.status}
              data-pid={agent.pid ?? ""}
            >
              <TD className="max-w-60 px-2 first:pl-4">
                <div className="flex items-center gap-2">
                  <span className="truncate font-medium text-zinc-900 dark:text-zinc-100">{agent.name}</span>
                  <TierBadge tier={agent.tier} className="hidden 2xl:inline-flex" />
                  {agent.addedManually && <Badge tone="blue">manual</Badge>}
                </div>
                <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{agent.key}</span>
              </TD>
              <TD className="px-2">
                <div className="flex flex-wrap items-center gap-1">
                  <StatusBadge
                    kind="agent"
                    status={agent.status}
                    label={agentStatusLabel(agent.status, agent.restartCount)}
                  />
                  <CircuitBadge circuit={agent.circuit} />
                </div>
              </TD>
              <TD
                className="px-2 text-right font-mono text-xs tabular-nums text-zinc-700 dark:text-zinc-300"
                data-testid="agent-pid"
              >
                {agent.pid ?? "–"}
              </TD>
              <TD
                className="hidden max-w-36 truncate px-2 font-mono text-xs text-zinc-500 xl:table-cell dark:text-zinc-400"
                title={agent.nodeId ?? undefined}
              >
                {agent.nodeId ?? "–"}
              </TD>
              <TD className="hidden px-2 text-right text-xs whitespace-nowrap tabular-nums text-zinc-600 md:table-cell dark:text-zinc-400">
                {uptimeSeconds === null ? "–" : formatDuration(uptimeSeconds * 1000)}
              </TD>
              <TD className="px-2 text-right tabular-nums">{tasks}</TD>
              <TD
                className={clsx(
                  "px-2 text-right tabular-nums",
                  errors > 0 ? "text-red-600 dark:text-red-400" : "text-zinc-500",
                )}
              >
                {errors}
              </TD>
              <TD
                className={clsx(
                  "hidden px-2 text-right tabular-nums sm:table-cell",
                  agent.restartCount > 0 ? "text-amber-700 dark:text-amber-300" : "text-zinc-500",
                )}
              >
                {agent.restartCount}
              </TD>
              <TD className="hidden px-2 pr-4 lg:table-cell">
                <LoadBar load={load} />
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
      {rows.length === 0 && <p className="px-4 py-6 text-center text-sm text-zinc-500">No agent matches.</p>}
    </div>
  );
}

function LoadBar({ load }: { load: number | null }) {
  if (load === null) return <span className="block text-right text-zinc-400">–</span>;
  const percent = Math.round(Math.min(1, load) * 100);
  return (
    <div className="ml-auto flex w-20 items-center gap-1.5" title={`${percent} % of its concurrency in use`}>
      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        <div
          className={clsx("h-full rounded-full transition-[width]", percent >= 100 ? "bg-amber-500" : "bg-emerald-500")}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="w-8 text-right text-xs tabular-nums text-zinc-500">{percent}%</span>
    </div>
  );
}
