/**
 * A task family as a waterfall: one row per task in tree order (children under their parent,
 * oldest first), each with its wait and every attempt placed on one time axis from the first
 * submission to the last finish (or now, while work goes on). Positions are fractions of it.
 */
import type { TaskTrace, TraceAttempt, TraceTask } from "../../lib/api-types";

export interface WaterfallBar {
  from: number;
  to: number;
}

export interface WaterfallRow {
  task: TraceTask;
  /** Indentation: 0 for the root of what is shown. */
  level: number;
  /** From submission to its first attempt's start (or now, still waiting). */
  wait: WaterfallBar | null;
  attempts: Array<TraceAttempt & WaterfallBar>;
}

export interface Waterfall {
  startMs: number;
  spanMs: number;
  rows: WaterfallRow[];
}

export function waterfall(trace: Pick<TaskTrace, "tasks" | "attempts">, now: number): Waterfall {
  const times = trace.tasks.flatMap((task) => [task.createdAt, task.finishedAt]);
  for (const attempt of trace.attempts) times.push(attempt.startedAt, attempt.finishedAt);
  const known = times.filter((time): time is string => time !== null).map(Date.parse);
  const open = trace.tasks.some((task) => task.finishedAt === null);
  const startMs = Math.min(...known);
  const endMs = Math.max(...known, open ? now : Number.NEGATIVE_INFINITY);
  // A family that took no measurable time still gets a visible axis.
  const spanMs = Math.max(1, endMs - startMs);
  const at = (iso: string | null, fallback: number) => ((iso ? Date.parse(iso) : fallback) - startMs) / spanMs;
  const clamp = (bar: WaterfallBar) => ({
    from: Math.min(1, Math.max(0, bar.from)),
    to: Math.min(1, Math.max(bar.from, bar.to)),
  });

  const ids = new Set(trace.tasks.map((task) => task.id));
  const children = new Map<string | null, TraceTask[]>();
  for (const task of trace.tasks) {
    // A task whose parent is not listed is drawn at the top level.
    const parent = task.parentTaskId && ids.has(task.parentTaskId) ? task.parentTaskId : null;
    children.set(parent, [...(children.get(parent) ?? []), task]);
  }
  const rows: WaterfallRow[] = [];
  const visit = (parent: string | null, level: number, seen: Set<string>) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const task of list) {
      if (seen.has(task.id)) continue;
      seen.add(task.id);
      const attempts = trace.attempts
        .filter((attempt) => attempt.taskId === task.id)
        .sort((a, b) => a.attempt - b.attempt);
      const firstStart = attempts.find((attempt) => attempt.startedAt)?.startedAt ?? null;
      const waitEnd = firstStart ?? task.finishedAt;
      rows.push({
        task,
        level,
        wait: clamp({ from: at(task.createdAt, now), to: at(waitEnd, now) }),
        attempts: attempts
          .filter((attempt) => attempt.startedAt !== null)
          .map((attempt) => ({
            ...attempt,
            ...clamp({ from: at(attempt.startedAt, now), to: at(attempt.finishedAt, now) }),
          })),
      });
      visit(task.id, level + 1, seen);
    }
  };
  visit(null, 0, new Set());
  return { startMs, spanMs, rows };
}

/** Evenly spaced marks along the axis, as offsets from its start in ms. */
export function axisTicks(spanMs: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, index) => (spanMs * index) / count);
}
