/**
 * A task's story as timeline steps: submitted, routed, delegated to subordinates, retried,
 * finished. Built from the task record and its subtasks; the record keeps the last attempt's
 * times, so earlier attempts appear as a count with the error that caused the retry.
 */
import type { Task } from "../../lib/api-types";
import { formatDuration } from "../../lib/format";

export type StepKind =
  | "submitted"
  | "waiting"
  | "routed"
  | "retried"
  | "delegated"
  | "started"
  | "finished"
  | "duplicate";

export interface TimelineStep {
  kind: StepKind;
  at: string | null;
  title: string;
  detail?: string;
  tone: "neutral" | "sky" | "green" | "red" | "amber" | "violet";
  /** A subtask this step is about. */
  taskId?: string;
}

export function taskTimeline(
  task: Task,
  subtasks: readonly Task[],
  agentName: (id: string | null) => string,
): TimelineStep[] {
  const steps: TimelineStep[] = [
    {
      kind: "submitted",
      at: task.createdAt,
      title: task.source === "delegation" ? "Delegated here" : "Submitted",
      detail: `through ${task.source}`,
      tone: "neutral",
    },
  ];
  if (task.routedAt && task.agentId)
    steps.push({ kind: "routed", at: task.routedAt, title: `Routed to ${agentName(task.agentId)}`, tone: "sky" });
  else if (task.status === "AWAITING_APPROVAL")
    steps.push({
      kind: "waiting",
      at: null,
      title: "Waiting for approval",
      detail: "no agent gets it until an operator approves it",
      tone: "amber",
    });
  else if (!task.finishedAt)
    steps.push({
      kind: "waiting",
      at: null,
      title: "Waiting for an agent",
      detail: "no agent that matches its target runs right now",
      tone: "amber",
    });
  if (task.attempts > 1) {
    const retryError = task.error?.startsWith("attempt ") ? task.error : undefined;
    steps.push({
      kind: "retried",
      at: null,
      title: `Attempt ${task.attempts} of ${task.maxAttempts}`,
      detail: retryError ?? "earlier attempts failed or their agent died",
      tone: "amber",
    });
  }
  for (const sub of subtasks.filter((s) => s.parentTaskId === task.id)) {
    steps.push({
      kind: "delegated",
      at: sub.createdAt,
      title: `Delegated to ${agentName(sub.agentId ?? sub.target.value)}`,
      detail: sub.finishedAt
        ? `${sub.status.toLowerCase()} after ${formatDuration(Math.max(0, Date.parse(sub.finishedAt) - Date.parse(sub.createdAt)))}`
        : sub.status.toLowerCase(),
      tone: sub.status === "FAILED" ? "red" : sub.status === "SUCCEEDED" ? "violet" : "sky",
      taskId: sub.id,
    });
  }
  if (task.startedAt)
    steps.push({ kind: "started", at: task.startedAt, title: `Ran on ${agentName(task.agentId)}`, tone: "sky" });
  if (task.finishedAt) {
    const took = task.durationMs !== null ? `in ${formatDuration(task.durationMs)}` : undefined;
    const title = task.status === "SUCCEEDED" ? "Succeeded" : task.status === "CANCELLED" ? "Cancelled" : "Failed";
    steps.push({
      kind: "finished",
      at: task.finishedAt,
      title,
      detail: task.status === "SUCCEEDED" ? took : (task.error ?? took),
      tone: task.status === "SUCCEEDED" ? "green" : task.status === "FAILED" ? "red" : "neutral",
    });
  }
  if (task.duplicateRuns > 0) {
    steps.push({
      kind: "duplicate",
      at: null,
      title: `Ran ${task.duplicateRuns + 1} times`,
      detail: "an agent finished it after its attempt had been given up; the first result counts",
      tone: "amber",
    });
  }
  // Steps without a time stay where they were put; timed ones in order of time.
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) =>
      a.step.at && b.step.at ? Date.parse(a.step.at) - Date.parse(b.step.at) || a.index - b.index : a.index - b.index,
    )
    .map(({ step }) => step);
}

export interface SubtaskNode {
  task: Task;
  children: SubtaskNode[];
}

/** The delegation tree under a root task, children in the order they were created. */
export function subtaskTree(rootId: string, tasks: readonly Task[]): SubtaskNode[] {
  const byParent = new Map<string, Task[]>();
  for (const task of tasks) {
    if (!task.parentTaskId) continue;
    byParent.set(task.parentTaskId, [...(byParent.get(task.parentTaskId) ?? []), task]);
  }
  const build = (id: string, seen: Set<string>): SubtaskNode[] =>
    (byParent.get(id) ?? [])
      .filter((task) => !seen.has(task.id))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((task) => ({ task, children: build(task.id, new Set([...seen, task.id])) }));
  return build(rootId, new Set([rootId]));
}
