/**
 * When to restart an agent that died, and when to stop trying. Two pure pieces:
 *
 * - backoff: the first restart is immediate (a warm replacement matters most), then delays
 *   double from `baseMs` up to `maxMs`, with jitter; a run that stayed up for `stableMs`
 *   resets the count.
 * - circuit breaker: `threshold` failures within `windowMs` open the circuit — no restarts, no
 *   routing — for `cooldownMs`; then it is half-open: one restart is tried, and it closes again
 *   once that run stays up for `stableMs`, or reopens if it fails.
 */

export interface RestartPolicy {
  baseMs: number;
  maxMs: number;
  stableMs: number;
  threshold: number;
  windowMs: number;
  cooldownMs: number;
}

/** An agent's circuit breaker: open = no restarts and no routing; half_open = one trial run. */
export const CIRCUIT_STATES = ["closed", "open", "half_open"] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

export interface RestartHistory {
  /** Failures in a row since the last stable run. */
  consecutive: number;
  /** Times of recent failures (for the breaker's window). */
  failures: number[];
  circuit: CircuitState;
  openedAt: number | null;
}

export const freshHistory = (): RestartHistory => ({ consecutive: 0, failures: [], circuit: "closed", openedAt: null });

export type RestartDecision =
  | { action: "restart"; delayMs: number; history: RestartHistory }
  | { action: "hold"; retryInMs: number; history: RestartHistory };

/** Records a failure at `now` of a run that began at `startedAt`, and decides what to do. */
export function onFailure(
  history: RestartHistory,
  startedAt: number | null,
  now: number,
  policy: RestartPolicy,
  random: () => number,
): RestartDecision {
  const stable = startedAt !== null && now - startedAt >= policy.stableMs;
  const consecutive = stable ? 1 : history.consecutive + 1;
  const failures = [...history.failures.filter((t) => now - t < policy.windowMs), now];
  const tripped = history.circuit === "half_open" || failures.length >= policy.threshold;
  if (tripped && !stable) {
    return {
      action: "hold",
      retryInMs: policy.cooldownMs,
      history: { consecutive, failures, circuit: "open", openedAt: now },
    };
  }
  const next: RestartHistory = { consecutive, failures: stable ? [now] : failures, circuit: "closed", openedAt: null };
  return { action: "restart", delayMs: backoffDelay(consecutive, policy, random), history: next };
}

/** The delay before restart number `consecutive` (1 = the first after a stable run). */
export function backoffDelay(
  consecutive: number,
  policy: Pick<RestartPolicy, "baseMs" | "maxMs">,
  random: () => number,
): number {
  if (consecutive <= 1) return 0;
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** (consecutive - 2));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** An open circuit becomes half-open after the cool-down: one restart may be tried. */
export function onCooldownCheck(history: RestartHistory, now: number, policy: RestartPolicy): RestartHistory {
  if (history.circuit === "open" && history.openedAt !== null && now - history.openedAt >= policy.cooldownMs) {
    return { ...history, circuit: "half_open" };
  }
  return history;
}

/** A run that stayed up long enough closes the circuit and forgets the failures. */
export function onStable(): RestartHistory {
  return freshHistory();
}
