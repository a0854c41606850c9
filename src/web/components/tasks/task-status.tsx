import type { TaskStatus } from "../../lib/api-types";
import { Badge, type Tone } from "../ui/badge";

export const TASK_STATUS_STYLE: Record<TaskStatus, { tone: Tone; label: string; moving?: boolean }> = {
  PENDING: { tone: "neutral", label: "Pending", moving: true },
  QUEUED: { tone: "sky", label: "Queued", moving: true },
  RUNNING: { tone: "amber", label: "Running", moving: true },
  SUCCEEDED: { tone: "green", label: "Succeeded" },
  FAILED: { tone: "red", label: "Failed" },
  CANCELLED: { tone: "neutral", label: "Cancelled" },
};

export const TASK_STATUSES = Object.keys(TASK_STATUS_STYLE) as TaskStatus[];

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const style = TASK_STATUS_STYLE[status];
  return (
    <Badge tone={style.tone} dot={style.moving ? "pulse" : true}>
      <span data-testid="task-status" data-status={status}>
        {style.label}
      </span>
    </Badge>
  );
}
