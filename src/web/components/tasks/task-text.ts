import type { Task } from "../../lib/api-types";

/** What a task was asked, in one line: a string payload or its prompt, else its JSON. */
export function promptOf(task: Pick<Task, "payload">): string {
  const payload = task.payload;
  if (typeof payload === "string") return payload;
  if (
    payload &&
    typeof payload === "object" &&
    "prompt" in payload &&
    typeof (payload as { prompt: unknown }).prompt === "string"
  )
    return (payload as { prompt: string }).prompt;
  return payload === null || payload === undefined ? "" : JSON.stringify(payload);
}

/** Whom a task was addressed to: "role writer", "any agent". */
export function targetText(task: Pick<Task, "target">, agentName?: (id: string) => string | undefined): string {
  const { kind, value } = task.target;
  if (kind === "any") return "any agent";
  if (kind === "agent") return `agent ${(value && agentName?.(value)) ?? value?.slice(0, 8) ?? "?"}`;
  return `${kind} ${value}`;
}

export const shortId = (id: string) => id.slice(0, 8);
