/**
 * A schedule's timing: its cron expression (5 fields, or 6 with seconds first) read in an IANA
 * timezone, and which runs are due now — the one on time and those missed while no server was
 * leading — under the schedule's missed-run policy. Pure: the clock is passed in; croner
 * only computes the times.
 */
import { Cron } from "croner";

export const MISSED_RUN_POLICIES = ["skip", "run_once", "run_all"] as const;
export type MissedRunPolicy = (typeof MISSED_RUN_POLICIES)[number];

/** `run_all` runs at most this many missed runs (the newest); older ones are skipped. */
export const RUN_ALL_CAP = 100;
/** A run this late is late, not missed: the timer fired slowly, or the leader just took over. */
export const ON_TIME_GRACE_MS = 30_000;

export interface CronSpec {
  cron: string;
  /** IANA name, e.g. Europe/Berlin. */
  timezone: string;
}

function cronOf(spec: CronSpec): Cron {
  return new Cron(spec.cron, { timezone: spec.timezone, mode: "5-or-6-parts", paused: true });
}

/** What is wrong with a cron expression, in words; null when it is fine. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6)
    return `a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; "${expression}" has ${fields.length}`;
  try {
    const cron = new Cron(expression, { mode: "5-or-6-parts", paused: true });
    if (!cron.nextRun()) return `"${expression}" never fires (no date matches it)`;
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern:\s*/, "");
  }
}

/** What is wrong with a timezone name; null when it is an IANA zone this server knows. */
export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return null;
  } catch {
    return `"${timezone}" is not an IANA timezone (e.g. UTC, Europe/Berlin, America/New_York)`;
  }
}

/** The first planned time strictly after `after`; null when there is none. */
export function nextRunAfter(spec: CronSpec, after: Date): Date | null {
  return cronOf(spec).nextRun(after);
}

export interface RunsDueInput extends CronSpec {
  /** The newest time already planned (run or skipped); the schedule's creation or enabling at first. */
  lastPlannedAt: Date;
  now: Date;
  policy: MissedRunPolicy;
  cap?: number;
  graceMs?: number;
}

export interface RunsDue {
  /** Planned times to submit a task for now, oldest first. */
  run: Date[];
  /** Missed times left out by the policy (newest first), and whether there were even more. */
  skipped: Date[];
  moreSkipped: boolean;
  /** The newest planned time looked at: the schedule's next `lastPlannedAt` (null: nothing was due). */
  newest: Date | null;
}

/**
 * The runs due at `now`: every planned time after `lastPlannedAt` up to now. The newest, if it
 * is less than `graceMs` old, is on time and always runs; the others were missed and the policy
 * decides — `skip` none, `run_once` the newest of them (unless an on-time run covers it),
 * `run_all` all of them up to `cap` (the newest ones).
 */
export function runsDue(input: RunsDueInput): RunsDue {
  const cap = input.cap ?? RUN_ALL_CAP;
  const graceMs = input.graceMs ?? ON_TIME_GRACE_MS;
  const now = input.now.getTime();
  // croner reads the reference to the whole second; one second on includes a run at exactly now.
  const limit = cap + 2;
  const times = cronOf(input)
    .previousRuns(limit, new Date(Math.floor(now / 1000) * 1000 + 1000))
    .filter((t) => t.getTime() <= now && t.getTime() > input.lastPlannedAt.getTime());
  const newest = times[0] ?? null;
  if (!newest) return { run: [], skipped: [], moreSkipped: false, newest: null };
  const onTime = now - newest.getTime() < graceMs ? newest : null;
  const missed = onTime ? times.slice(1) : times;
  const moreSkipped = times.length === limit;
  let chosen: Date[];
  switch (input.policy) {
    case "skip":
      chosen = [];
      break;
    case "run_once":
      chosen = onTime ? [] : missed.slice(0, 1);
      break;
    case "run_all":
      chosen = missed.slice(0, cap);
      break;
  }
  const run = [...chosen, ...(onTime ? [onTime] : [])].sort((a, b) => a.getTime() - b.getTime());
  const skipped = missed.filter((t) => !chosen.includes(t));
  return { run, skipped, moreSkipped, newest };
}
