/**
 * The agents table's rows: each agent with its figures, filtered by text and status and
 * sorted by any column. Pure, so the table only draws.
 */
import { tierRank } from "@/domain/blueprint/validate-blueprint";
import type { Agent, AgentMetrics, AgentStatus } from "../../lib/api-types";

export interface AgentRow {
  agent: Agent;
  uptimeSeconds: number | null;
  tasks: number;
  errors: number;
  load: number | null;
}

export type SortKey = "name" | "status" | "pid" | "node" | "uptime" | "tasks" | "errors" | "restarts" | "load";
export interface Sort {
  key: SortKey;
  direction: "asc" | "desc";
}

const ALIVE: ReadonlySet<AgentStatus> = new Set(["IDLE", "BUSY"]);

export function agentRows(
  agents: readonly Agent[],
  metrics: readonly AgentMetrics[] | undefined,
  now: number,
): AgentRow[] {
  const figures = new Map((metrics ?? []).map((m) => [m.agentId, m]));
  return agents.map((agent) => {
    const m = figures.get(agent.id);
    return {
      agent,
      // From the agent's own start, so it counts up between refetches.
      uptimeSeconds:
        ALIVE.has(agent.status) && agent.startedAt
          ? Math.max(0, Math.floor((now - Date.parse(agent.startedAt)) / 1000))
          : null,
      tasks: m?.tasksCompleted ?? 0,
      errors: m?.tasksFailed ?? 0,
      load: m?.alive ? m.load : null,
    };
  });
}

/** A status, or agents that restarted at least once, or whose circuit is not closed; "" for all. */
export type AgentStatusFilter = AgentStatus | "" | "RESTARTED" | "CIRCUIT";

export function filterRows(rows: readonly AgentRow[], text: string, status: AgentStatusFilter): AgentRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter(({ agent }) => {
    if (
      status === "RESTARTED"
        ? agent.restartCount === 0
        : status === "CIRCUIT"
          ? agent.circuit === "closed"
          : status && agent.status !== status
    )
      return false;
    if (!needle) return true;
    return [agent.name, agent.key, agent.role, String(agent.pid ?? ""), agent.nodeId ?? ""].some((field) =>
      field.toLowerCase().includes(needle),
    );
  });
}

const byName = new Intl.Collator("en", { numeric: true });
const STATUS_ORDER: AgentStatus[] = ["FAILED", "STARTING", "PENDING", "BUSY", "IDLE", "STOPPED"];

function compare(a: AgentRow, b: AgentRow, key: SortKey): number {
  switch (key) {
    case "name":
      return tierRank(a.agent.tier) - tierRank(b.agent.tier) || byName.compare(a.agent.name, b.agent.name);
    case "status":
      return STATUS_ORDER.indexOf(a.agent.status) - STATUS_ORDER.indexOf(b.agent.status);
    case "pid":
      return nullsLast(a.agent.pid, b.agent.pid);
    case "node":
      return byName.compare(a.agent.nodeId ?? "\uffff", b.agent.nodeId ?? "\uffff");
    case "uptime":
      return nullsLast(a.uptimeSeconds, b.uptimeSeconds);
    case "tasks":
      return a.tasks - b.tasks;
    case "errors":
      return a.errors - b.errors;
    case "restarts":
      return a.agent.restartCount - b.agent.restartCount;
    case "load":
      return nullsLast(a.load, b.load);
  }
}

function nullsLast(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

/** Whether the row has no figure for the key (an agent not running has no PID, uptime or load). */
function isMissing(row: AgentRow, key: SortKey): boolean {
  if (key === "pid") return row.agent.pid === null;
  if (key === "uptime") return row.uptimeSeconds === null;
  if (key === "load") return row.load === null;
  return false;
}

/** Sorted by the key, ties by rank and name; agents without a figure stay at the end either way. */
export function sortRows(rows: readonly AgentRow[], sort: Sort): AgentRow[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const missingA = isMissing(a, sort.key);
    const missingB = isMissing(b, sort.key);
    if (missingA !== missingB) return missingA ? 1 : -1;
    return sign * compare(a, b, sort.key) || compare(a, b, "name");
  });
}
