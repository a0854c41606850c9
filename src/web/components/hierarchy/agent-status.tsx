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
export function AgentStatusDot({ status, className }: { status: AgentStatus; className?: string }) {
  const style = AGENT_STATUS_STYLE[status];
  return (
    <span className={clsx("relative inline-flex size-2 shrink-0", className)} title={style.label} role="img" aria-label={style.label}>
      {style.moving && <span className={clsx("absolute inline-flex size-full animate-ping rounded-full opacity-60", dotClass(style.tone))} />}
      <span
        className={clsx(
          "relative inline-flex size-2 rounded-full",
          status === "STOPPED" ? "border border-zinc-400 bg-transparent dark:border-zinc-500" : dotClass(style.tone),
        )}
      />
    </span>
  );
}

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  const style = AGENT_STATUS_STYLE[status];
  return (
    <Badge tone={style.tone} dot={style.moving ? "pulse" : true}>
      {style.label}
    </Badge>
  );
}
