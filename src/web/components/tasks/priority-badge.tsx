import { Badge, type Tone } from "../ui/badge";

/** Urgent work stands out; the default and lower stay quiet. */
function toneOf(priority: number): Tone {
  if (priority >= 9) return "red";
  if (priority >= 7) return "amber";
  return "neutral";
}

/** A task's priority, 1 to 10 (10 the most urgent). */
export function PriorityBadge({ priority }: { priority: number }) {
  return (
    <span title={`priority ${priority} of 10 (10 the most urgent)`} data-testid="task-priority">
      <Badge tone={toneOf(priority)} mono>
        P{priority}
      </Badge>
    </span>
  );
}
