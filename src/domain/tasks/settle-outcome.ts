/**
 * What to do with an agent's report of an attempt: record success, retry (possibly on
 * another agent), record failure, or ignore a report that no longer counts (the task was
 * cancelled or already settled, the report is of an older attempt, or it comes from an agent
 * the attempt was not routed to).
 */
import { isFinished, type TaskState } from "./task-states";

export type { TaskState };

export interface OutcomeFacts {
  /** The agent that reports (its signature checked before this is asked). */
  agentId?: string;
  ok: boolean;
  retryable: boolean;
  attempt: number;
}

export interface TaskFacts {
  status: TaskState;
  attempts: number;
  maxAttempts: number;
  /** The agent the current attempt was routed to. */
  agentId?: string | null;
}

export type Settlement = "succeed" | "retry" | "fail" | "ignore";

export function settleOutcome(task: TaskFacts | undefined, outcome: OutcomeFacts): Settlement {
  if (!task) return "ignore";
  if (isFinished(task.status)) return "ignore";
  if (outcome.attempt !== task.attempts) return "ignore";
  // Only the agent the attempt was routed to may settle it.
  if (task.agentId && outcome.agentId !== undefined && outcome.agentId !== task.agentId) return "ignore";
  if (outcome.ok) return "succeed";
  return outcome.retryable && outcome.attempt < task.maxAttempts ? "retry" : "fail";
}
