import clsx from "clsx";
import type { AgentStatus } from "../../lib/api-types";
import { Badge, dotClass, type Tone } from "../ui/badge";

export const AGENT_STATUS_STYLE: Record<AgentStatus, { tone: Tone; label: string; moving?: boolean }> = {
  PENDING: { tone: "neutral", label: "Pending" },
  STARTING: { tone: "sky", label: "Starting", moving: true },
  IDLE: { tone: "green", label: "Idle" },
  BUSY: { tone: "amber", label: "Busy", moving: true },
  FAILED: { tone: "red", label: "Failed" },
  STOPPED: { tone: "neutral", label: "Stopped" },
};

/** A status dot with its label for screen readers and as a tooltip. */
export function AgentStatusDot({
  status,
  label,
  className,
}: {
  status: AgentStatus;
  label?: string;
  className?: string;
}) {
  const style = AGENT_STATUS_STYLE[status];
  return (
    <span
      className={clsx("relative inline-flex size-2 shrink-0", className)}
      title={label ?? style.label}
      role="img"
      aria-label={label ?? style.label}
    >
      {style.moving && (
        <span
          className={clsx("absolute inline-flex size-full animate-ping rounded-full opacity-60", dotClass(style.tone))}
        />
      )}
      <span
        className={clsx(
          "relative inline-flex size-2 rounded-full",
          status === "STOPPED" ? "border border-zinc-400 bg-transparent dark:border-zinc-500" : dotClass(style.tone),
        )}
      />
    </span>
  );
}

/** A process starting again after it died reads "Restarting", not "Starting". */
export function agentStatusLabel(status: AgentStatus, restartCount = 0): string {
  return status === "STARTING" && restartCount > 0 ? "Restarting" : AGENT_STATUS_STYLE[status].label;
}

export function AgentStatusBadge({ status, restartCount }: { status: AgentStatus; restartCount?: number }) {
  const style = AGENT_STATUS_STYLE[status];
  return (
    <Badge tone={style.tone} dot={style.moving ? "pulse" : true}>
      <span data-testid="agent-status" data-status={status}>
        {agentStatusLabel(status, restartCount)}
      </span>
    </Badge>
  );
}

const CIRCUIT_STYLE = {
  open: {
    tone: "red",
    label: "Circuit open",
    title: "Failed too often: no restarts and no tasks until the cool-down ends",
  },
  half_open: { tone: "amber", label: "Half-open", title: "On trial: one restart; it closes after a stable run" },
} as const;

/** The agent's circuit breaker, shown only when it is not closed. */
export function CircuitBadge({ circuit }: { circuit: "closed" | "open" | "half_open" }) {
  if (circuit === "closed") return null;
  const style = CIRCUIT_STYLE[circuit];
  return (
    <span title={style.title} data-testid="circuit" data-circuit={circuit}>
      <Badge tone={style.tone}>{style.label}</Badge>
    </span>
  );
}
