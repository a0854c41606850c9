/**
 * What to do with an agent's report of an attempt: record success, retry (possibly on
 * another agent), record failure, or ignore a report that no longer counts (the task was
 * cancelled or already settled, or the report is of an older attempt).
 */
import { isFinished, type TaskState } from "./task-states";

export type { TaskState };

export interface OutcomeFacts {
  ok: boolean;
  retryable: boolean;
  attempt: number;
}

export interface TaskFacts {
  status: TaskState;
  attempts: number;
  maxAttempts: number;
}

export type Settlement = "succeed" | "retry" | "fail" | "ignore";

export function settleOutcome(task: TaskFacts | undefined, outcome: OutcomeFacts): Settlement {
  if (!task) return "ignore";
  if (isFinished(task.status)) return "ignore";
  if (outcome.attempt !== task.attempts) return "ignore";
  if (outcome.ok) return "succeed";
  return outcome.retryable && outcome.attempt < task.maxAttempts ? "retry" : "fail";
}
