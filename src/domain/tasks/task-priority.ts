/**
 * Task priorities: 1 (can wait) to 10 (most urgent), 5 when not given. Two orders follow from
 * it: tasks waiting in PostgreSQL are routed most urgent first, then oldest first; and on an
 * agent's BullMQ queue the more urgent job is taken first.
 */

export const TASK_PRIORITY_MIN = 1;
export const TASK_PRIORITY_MAX = 10;
export const DEFAULT_TASK_PRIORITY = 5;

/**
 * BullMQ's `priority` option for a task's priority. BullMQ runs *lower* numbers first (1 is its
 * highest), so the scale is turned over: priority 10 → 1, priority 1 → 10. Every task job carries
 * one: BullMQ takes jobs without a priority before all prioritised ones, so a job left without
 * it would jump every urgent task.
 */
export function bullmqPriorityOf(priority: number): number {
  const clamped = Math.min(TASK_PRIORITY_MAX, Math.max(TASK_PRIORITY_MIN, Math.round(priority)));
  return TASK_PRIORITY_MAX + 1 - clamped;
}

export interface Prioritised {
  priority: number;
  createdAt?: Date | null;
}

/** Dispatch order: most urgent first, then oldest first; equal tasks keep their order (stable). */
export function byDispatchOrder(a: Prioritised, b: Prioritised): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const at = a.createdAt?.getTime() ?? 0;
  const bt = b.createdAt?.getTime() ?? 0;
  return at - bt;
}

/** A subtask's priority: the one its delegating agent gave, or its parent's. */
export function inheritedPriority(given: number | undefined, parent: { priority: number }): number {
  return given ?? parent.priority;
}
