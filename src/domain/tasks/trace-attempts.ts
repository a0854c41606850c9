/**
 * A task's attempts as a trace shows them: every attempt on record (failed, lost, cancelled)
 * and the one the task record itself holds (running, or how it ended) when no row says it yet.
 * Pure: the task and its attempt rows in, one line per attempt out, oldest first.
 */

export type AttemptOutcome = "running" | "succeeded" | "failed" | "lost" | "cancelled" | "waiting";

export interface TraceAttempt {
  attempt: number;
  agentId: string | null;
  outcome: AttemptOutcome;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface TaskForTrace {
  status: string;
  attempts: number;
  agentId: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

export interface AttemptRow {
  attempt: number;
  agentId: string | null;
  outcome: string;
  error: string;
  startedAt: Date | null;
  finishedAt: Date;
}

const RECORDED: ReadonlySet<string> = new Set(["failed", "lost", "cancelled"]);

export function traceAttempts(task: TaskForTrace, rows: readonly AttemptRow[]): TraceAttempt[] {
  const recorded: TraceAttempt[] = [...rows]
    .sort((a, b) => a.attempt - b.attempt || a.finishedAt.getTime() - b.finishedAt.getTime())
    .map((row) => ({
      attempt: row.attempt,
      agentId: row.agentId,
      outcome: RECORDED.has(row.outcome) ? (row.outcome as AttemptOutcome) : "failed",
      error: row.error || null,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    }));
  const current = currentAttempt(task);
  if (current && !recorded.some((row) => row.attempt === current.attempt)) recorded.push(current);
  return recorded;
}

/** The attempt the task record holds: its number, agent and times are the last attempt's. */
function currentAttempt(task: TaskForTrace): TraceAttempt | null {
  if (task.attempts === 0) return null;
  const base = { attempt: task.attempts, agentId: task.agentId, startedAt: task.startedAt, error: null };
  switch (task.status) {
    case "SUCCEEDED":
      return { ...base, outcome: "succeeded", finishedAt: task.finishedAt };
    case "FAILED":
      return { ...base, outcome: "failed", error: task.error, finishedAt: task.finishedAt };
    case "CANCELLED":
      return { ...base, outcome: "cancelled", error: task.error, finishedAt: task.finishedAt };
    case "RUNNING":
      return { ...base, outcome: "running", finishedAt: null };
    case "QUEUED":
      return { ...base, outcome: "waiting", startedAt: null, finishedAt: null };
    default:
      // PENDING after a failed attempt: that attempt is on record; the next has not begun.
      return null;
  }
}

/** The chain from the root down to `taskId` (both included), by parent links among `tasks`. */
export function ancestry<T extends { id: string; parentTaskId: string | null }>(
  taskId: string,
  tasks: readonly T[],
): T[] {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const chain: T[] = [];
  let current = byId.get(taskId);
  while (current && chain.length <= tasks.length) {
    chain.unshift(current);
    current = current.parentTaskId ? byId.get(current.parentTaskId) : undefined;
  }
  return chain;
}
