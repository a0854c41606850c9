/**
 * Where a followed task is in the tree: for each agent that holds part of it, whether it is
 * working on it, done, or failed. Drawn on the hierarchy while the task goes down and back.
 */
import type { Task } from "../../lib/api-types";

export type FlowState = "working" | "done" | "failed";

export function taskFlow(tasks: readonly Task[]): Map<string, FlowState> {
  const flow = new Map<string, FlowState>();
  // Oldest first, so an agent's latest part of the task decides its state.
  for (const task of [...tasks].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    if (!task.agentId) continue;
    const state: FlowState =
      task.status === "SUCCEEDED"
        ? "done"
        : task.status === "FAILED" || task.status === "CANCELLED"
          ? "failed"
          : "working";
    flow.set(task.agentId, state);
  }
  return flow;
}
