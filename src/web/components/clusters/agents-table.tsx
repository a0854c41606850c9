"use client";
import { useMemo, useState } from "react";
import { useNow } from "../../hooks/use-now";
import type { Agent, AgentMetrics } from "../../lib/api-types";
import { DataTable } from "../ui/data-table";
import { FilterBar } from "../ui/filter-bar";
import { type FilterOption, optionsOf } from "../ui/filter-select";
import { SearchInput } from "../ui/search-input";
import { AGENT_STATUS_STYLE, AGENT_STATUSES } from "../ui/statuses";
import { agentColumns } from "./agent-columns";
import { type AgentStatusFilter, agentRows, filterRows, type Sort, type SortKey, sortRows } from "./agent-rows";

type StatusChoice = Exclude<AgentStatusFilter, "">;

const STATUS_OPTIONS: FilterOption<StatusChoice>[] = [
  ...optionsOf(AGENT_STATUSES, (status) => AGENT_STATUS_STYLE[status].label),
  { value: "RESTARTED", label: "Restarted at least once" },
  { value: "CIRCUIT", label: "Circuit not closed" },
];

/** Every agent with its process and figures; sortable by any column, filterable by text and state. */
export function AgentsTable({
  agents,
  metrics,
  onOpen,
}: {
  agents: Agent[];
  metrics: AgentMetrics[] | undefined;
  /** Opens an agent's details. */
  onOpen?: (agentId: string) => void;
}) {
  const columns = useMemo(() => agentColumns(onOpen), [onOpen]);
  const now = useNow(1000);
  const [sort, setSort] = useState<Sort>({ key: "name", direction: "asc" });
  const [text, setText] = useState("");
  const [status, setStatus] = useState<StatusChoice | null>(null);
  const rows = useMemo(
    () => sortRows(filterRows(agentRows(agents, metrics, now), text, status ?? ""), sort),
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
      <FilterBar
        label="Filter agents"
        className="border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800"
        value={{ status }}
        onChange={(patch) => setStatus(patch.status ?? null)}
        selects={[
          { key: "status", label: "Agent status", all: "Every status", options: STATUS_OPTIONS, className: "min-w-36" },
        ]}
        search={
          <SearchInput
            label="Filter agents by name, key, role, PID or node"
            placeholder="Name, role, PID, node…"
            value={text}
            onChange={setText}
            className="min-w-40 flex-1 sm:max-w-64"
          />
        }
        extra={
          <span className="ml-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400" aria-live="polite">
            {rows.length === agents.length ? `${agents.length} agents` : `${rows.length} of ${agents.length}`}
          </span>
        }
      />
      <DataTable
        label="Agents"
        columns={columns}
        rows={rows}
        rowKey={({ agent }) => agent.id}
        rowProps={({ agent }) => ({
          "data-testid": "agent-row",
          "data-agent-key": agent.key,
          "data-status": agent.status,
          "data-pid": agent.pid ?? "",
        })}
        sort={sort}
        onSort={toggle}
        empty={<p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">No agent matches.</p>}
      />
    </div>
  );
}
