/**
 * Whether a service (Redis, PostgreSQL) is up, slow or dead, from probes on a connection of
 * its own. Pure: observations and the state of the process in, a verdict out.
 *
 * The healer must never be the cause of an outage, so one unanswered probe proves nothing:
 * a busy server answers late, and late is not dead. Dead is a managed process that exited,
 * connections refused one after another over a whole window, or a server that has not
 * answered at all for a long time. Anything in between is slow — reported, never restarted.
 */

/** One probe's outcome. `unanswered` is a probe still waiting when the next one was due. */
export type ProbeOutcome = "ok" | "unanswered" | "unreachable";

export interface LivenessPolicy {
  /** Consecutive failed probes before anything is concluded. */
  failures: number;
  /** …spanning at least this long. */
  windowMs: number;
  /** A live process that has answered nothing for this long counts as dead (hung). */
  unresponsiveMs: number;
}

export const DEFAULT_LIVENESS: LivenessPolicy = { failures: 3, windowMs: 3000, unresponsiveMs: 30_000 };

export interface LivenessState {
  /** Failed probes in a row (0 when the last one answered). */
  failures: number;
  /** When the current run of failures began. */
  since: number | null;
  /** Whether every failure of the run was a refused or broken connection. */
  allUnreachable: boolean;
}

export const freshLiveness = (): LivenessState => ({ failures: 0, since: null, allUnreachable: true });

export function observe(state: LivenessState, outcome: ProbeOutcome, at: number): LivenessState {
  if (outcome === "ok") return freshLiveness();
  return {
    failures: state.failures + 1,
    since: state.since ?? at,
    allUnreachable: state.allUnreachable && outcome === "unreachable",
  };
}

/** What is known about the service's process: only a managed one can be seen to exit. */
export type ProcessState = { managed: false } | { managed: true; alive: boolean };

export type Verdict = { status: "up" } | { status: "slow"; detail: string } | { status: "down"; detail: string };

export function judge(state: LivenessState, process: ProcessState, now: number, policy: LivenessPolicy): Verdict {
  if (process.managed && !process.alive) return { status: "down", detail: "its process exited" };
  if (state.failures === 0 || state.since === null) return { status: "up" };
  const span = now - state.since;
  const seconds = (span / 1000).toFixed(1);
  const sustained = state.failures >= policy.failures && span >= policy.windowMs;
  if (sustained && state.allUnreachable)
    return { status: "down", detail: `connections refused ${state.failures} times in a row over ${seconds} s` };
  if (span >= policy.unresponsiveMs && state.failures >= policy.failures) {
    return {
      status: "down",
      detail: `no answer for ${seconds} s${process.managed ? " although its process is alive" : ""}`,
    };
  }
  // One late answer is load, not a fault: reported once the failures stay.
  if (state.failures >= Math.min(2, policy.failures)) {
    const what = state.allUnreachable ? "refused the connection" : "went unanswered";
    return {
      status: "slow",
      detail: `${state.failures} checks in a row ${what} over ${seconds} s${process.managed ? "; its process is alive" : ""}`,
    };
  }
  return { status: "up" };
}
