import clsx from "clsx";
import { ChevronDown, ChevronRight } from "lucide-react";
import type { Agent } from "../../lib/api-types";
import type { FlowState } from "../tasks/task-flow";
import { ChipList } from "../ui/chip";
import { AgentStatusDot, agentStatusLabel, CircuitBadge } from "./agent-status";
import { TIER_STYLE, TierBadge } from "./tier-badge";

interface AgentCardProps {
  agent: Agent;
  /** Subordinates in total (all levels below); 0 for a leaf. */
  descendants: number;
  expanded: boolean;
  onToggle: () => void;
  /** Its part in a task the page follows. */
  flow?: FlowState;
}

const FLOW_STYLE: Record<FlowState, { ring: string; label: string; text: string }> = {
  working: { ring: "ring-2 ring-sky-400 dark:ring-sky-500", label: "working", text: "text-sky-700 dark:text-sky-300" },
  done: {
    ring: "ring-2 ring-emerald-400 dark:ring-emerald-500",
    label: "done",
    text: "text-emerald-700 dark:text-emerald-300",
  },
  failed: { ring: "ring-2 ring-red-400 dark:ring-red-500", label: "failed", text: "text-red-700 dark:text-red-300" },
};

/** One agent in the hierarchy: status, name, tier, key and capabilities, in a fixed-height box. */
export function AgentCard({ agent, descendants, expanded, onToggle, flow }: AgentCardProps) {
  return (
    <div
      data-card
      data-status={agent.status}
      data-flow={flow}
      className={clsx(
        "relative rounded-md border border-l-[3px] border-zinc-200 bg-white px-2.5 py-2 shadow-xs transition-shadow",
        "dark:border-zinc-800 dark:bg-zinc-900",
        agent.status === "FAILED" && "bg-red-50/60 dark:bg-red-950/30",
        TIER_STYLE[agent.tier].accent,
        flow && FLOW_STYLE[flow].ring,
      )}
    >
      <div className="flex items-center gap-2">
        <AgentStatusDot status={agent.status} label={agentStatusLabel(agent.status, agent.restartCount)} />
        <span
          className="min-w-0 flex-1 truncate text-[13px] font-medium text-zinc-900 dark:text-zinc-100"
          title={agent.name}
        >
          {agent.name}
        </span>
        <TierBadge tier={agent.tier} />
        {descendants > 0 && (
          <button
            type="button"
            tabIndex={-1}
            onClick={onToggle}
            aria-label={expanded ? `Collapse ${agent.name}` : `Expand ${agent.name}`}
            className="-mr-1 rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
          >
            {expanded ? (
              <ChevronDown className="size-3.5" aria-hidden />
            ) : (
              <ChevronRight className="size-3.5" aria-hidden />
            )}
          </button>
        )}
      </div>
      <div className="mt-1 flex items-center justify-between gap-2 pl-4">
        <span className="min-w-0 truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
          {agent.key}
          {agent.pid !== null && <span className="text-zinc-500 dark:text-zinc-400"> · pid {agent.pid}</span>}
        </span>
        {flow && (
          <span className={clsx("shrink-0 text-[10.5px] font-medium", FLOW_STYLE[flow].text)}>
            {FLOW_STYLE[flow].label}
          </span>
        )}
        {agent.circuit !== "closed" && <CircuitBadge circuit={agent.circuit} />}
        {agent.status !== "IDLE" && agent.status !== "BUSY" && (
          <span className="shrink-0 text-[10.5px] text-zinc-500 dark:text-zinc-400">
            {agentStatusLabel(agent.status, agent.restartCount)}
          </span>
        )}
        {!expanded && descendants > 0 && (
          <span className="shrink-0 rounded bg-zinc-100 px-1 text-[10.5px] font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
            +{descendants} below
          </span>
        )}
      </div>
      {agent.capabilities.length > 0 && (
        <div className="mt-1.5 pl-4">
          <ChipList items={agent.capabilities} budget={28} />
        </div>
      )}
    </div>
  );
}
