/**
 * When an agent process counts as hung. Pure: what the runner saw in, a decision out.
 *
 * A hung agent is one whose own event loop has stopped: it neither heartbeats (through Redis)
 * nor answers the runner's IPC pings. Either signal alone can go quiet on a loaded machine
 * that is fine — heartbeats wait behind a busy Redis, and a runner whose loop was blocked
 * reads the answers late — so an agent is hung only when both are silent for the limit, and
 * its silence is counted only for time the runner itself was awake to hear an answer.
 */

/**
 * Silence counted for one check of the runner: the time since the previous check, but no
 * more than twice the check interval. A runner whose loop was blocked for seconds could not
 * read the answers waiting for it; that time is not the agent's silence.
 */
export function silenceOfCheck(elapsedMs: number, intervalMs: number): number {
  return Math.max(0, Math.min(elapsedMs, 2 * intervalMs));
}

export interface HangWatch {
  /** IPC silence counted so far (see `silenceOfCheck`). */
  silentMs: number;
}

/** One check: an answer since the previous check starts the count over, otherwise the check's silence adds up. */
export function watchCheck(
  watch: HangWatch,
  answeredSinceLastCheck: boolean,
  elapsedMs: number,
  intervalMs: number,
): HangWatch {
  return { silentMs: answeredSinceLastCheck ? 0 : watch.silentMs + silenceOfCheck(elapsedMs, intervalMs) };
}

/**
 * Hung: silent over IPC for the limit (counted while the runner was awake), and no heartbeat
 * for as long (`heartbeatAgeMs` undefined: none at all since it became ready).
 */
export function isHung(watch: HangWatch, heartbeatAgeMs: number | undefined, limitMs: number): boolean {
  return watch.silentMs >= limitMs && (heartbeatAgeMs === undefined || heartbeatAgeMs >= limitMs);
}
