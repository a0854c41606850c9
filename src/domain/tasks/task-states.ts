/**
 * A task's states and the moves between them: the one table every writer of task status
 * obeys. The task store turns `sourcesOf(to)` into the condition of its UPDATE, so a move the
 * table does not allow changes nothing, whoever asks for it.
 *
 *   AWAITING_APPROVAL ──approved──▶ PENDING ──routed──▶ QUEUED ──agent started──▶ RUNNING ──▶ SUCCEEDED | FAILED | CANCELLED
 *      │ rejected, timed out: FAILED             ▲                  │                          │
 *      │ cancelled: CANCELLED                    └──── retry, re-route (agent gone, job lost, backlog spread) ──┘
 *
 * AWAITING_APPROVAL is entered only when a task is recorded (its role requires approval); no
 * move leads back into it, so nothing routed can ever be held again.
 */

export const TASK_STATES = [
  "AWAITING_APPROVAL",
  "PENDING",
  "QUEUED",
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const FINISHED_TASK_STATES = ["SUCCEEDED", "FAILED", "CANCELLED"] as const satisfies readonly TaskState[];
export type FinishedTaskState = (typeof FINISHED_TASK_STATES)[number];

export const OPEN_TASK_STATES = [
  "AWAITING_APPROVAL",
  "PENDING",
  "QUEUED",
  "RUNNING",
] as const satisfies readonly TaskState[];
export type OpenTaskState = (typeof OPEN_TASK_STATES)[number];

/** Where each state may go. Finished states go nowhere. */
const MOVES: Record<TaskState, readonly TaskState[]> = {
  // Approved: to routing; rejected or timed out: failed for good; cancelled. Never to an agent directly.
  AWAITING_APPROVAL: ["PENDING", "FAILED", "CANCELLED"],
  // Routed to an agent and put on its queue; failed when no agent can ever take it; cancelled.
  PENDING: ["QUEUED", "FAILED", "CANCELLED", "SUCCEEDED"],
  // Started by its agent; back to routing when its agent or job is gone; finished (a report of
  // a run too short to have announced its start); cancelled.
  QUEUED: ["RUNNING", "PENDING", "SUCCEEDED", "FAILED", "CANCELLED"],
  // Finished; back to routing for a retry or when its agent is gone; cancelled.
  RUNNING: ["SUCCEEDED", "FAILED", "CANCELLED", "PENDING"],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};
// PENDING → SUCCEEDED: a report of the current attempt that arrives after the task was sent back
// to routing (its agent was judged gone just after finishing): the work is done, and recording
// it beats running it again.

/** The states a task may be in for a move to `to`: the WHERE of the store's update. */
export function sourcesOf(to: TaskState): TaskState[] {
  return TASK_STATES.filter((from) => MOVES[from].includes(to));
}

export function canMove(from: TaskState, to: TaskState): boolean {
  return MOVES[from].includes(to);
}

export function isFinished(state: TaskState): state is FinishedTaskState {
  return (FINISHED_TASK_STATES as readonly TaskState[]).includes(state);
}

export function isOpen(state: TaskState): state is OpenTaskState {
  return !isFinished(state);
}
