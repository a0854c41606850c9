import clsx from "clsx";
import type { AgentStatus } from "../../lib/api-types";
import { dotClass } from "../ui/badge";
import { StatusBadge } from "../ui/status-badge";
import { AGENT_STATUS_STYLE } from "../ui/statuses";

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

const CIRCUIT_TITLE = {
  open: "Failed too often: no restarts and no tasks until the cool-down ends",
  half_open: "On trial: one restart; it closes after a stable run",
} as const;

/** The agent's circuit breaker, shown only when it is not closed. */
export function CircuitBadge({ circuit }: { circuit: "closed" | "open" | "half_open" }) {
  if (circuit === "closed") return null;
  return (
    <span title={CIRCUIT_TITLE[circuit]} data-testid="circuit" data-circuit={circuit}>
      <StatusBadge kind="circuit" status={circuit} />
    </span>
  );
}
