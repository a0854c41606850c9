import type { ClusterStatus } from "../../lib/api-types";
import { Badge, type Tone } from "../ui/badge";

/** One colour per lifecycle status; states that are on their way somewhere pulse. */
export const CLUSTER_STATUS_STYLE: Record<ClusterStatus, { tone: Tone; label: string; moving?: boolean }> = {
  PLANNING: { tone: "neutral", label: "Planning", moving: true },
  SPAWNING: { tone: "sky", label: "Spawning", moving: true },
  ACTIVE: { tone: "green", label: "Active" },
  SCALING_UP: { tone: "violet", label: "Scaling up", moving: true },
  SCALING_DOWN: { tone: "violet", label: "Scaling down", moving: true },
  HIBERNATED: { tone: "indigo", label: "Hibernated" },
  DESTROYING: { tone: "amber", label: "Destroying", moving: true },
  DESTROYED: { tone: "rose", label: "Destroyed" },
};

export function ClusterStatusBadge({ status }: { status: ClusterStatus }) {
  const style = CLUSTER_STATUS_STYLE[status];
  return (
    <Badge tone={style.tone} dot={style.moving ? "pulse" : true}>
      <span data-testid="cluster-status" data-status={status}>
        {style.label}
      </span>
    </Badge>
  );
}
