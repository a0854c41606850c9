/**
 * `Idempotency-Key` on creates (task submit, cluster create): the same key and the same
 * request from the same caller replay the first answer instead of doing it again, so a
 * client may retry after a timeout or a dropped connection without making two of anything.
 */

/** How long an answer is kept for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/**
 * A claim older than this with no answer is taken to be from a server that stopped mid-request
 * (no request runs this long: waits end within 60 s), and a retry runs it again.
 */
export const IDEMPOTENCY_ABANDONED_MS = 2 * 60 * 1000;

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** Why the header's value is no usable key, or null when it is one (or absent). */
export function idempotencyKeyProblem(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) return `send one ${IDEMPOTENCY_HEADER} header, not ${value.length}`;
  if (value.length < 1 || value.length > 255) return `${IDEMPOTENCY_HEADER} must be 1 to 255 characters long`;
  if (!/^[\x20-\x7e]+$/.test(value)) return `${IDEMPOTENCY_HEADER} must be printable ASCII characters`;
  return null;
}

export interface StoredKey {
  /** What the request was (method, path, body), hashed. */
  fingerprint: string;
  claimedAt: Date;
  expiresAt: Date;
  /** The answer, once there is one. */
  answered: boolean;
}

export type KeyDecision =
  /** Nothing (usable) under the key: run the request and keep its answer. */
  | { kind: "run" }
  /** The same request was answered: send that answer again. */
  | { kind: "replay" }
  /** The key was used for another request: a client bug, refused (422). */
  | { kind: "mismatch" }
  /** The same request is running now (409; try again shortly). */
  | { kind: "in-flight" };

export function keyDecision(stored: StoredKey | null, fingerprint: string, now: Date): KeyDecision {
  if (!stored || stored.expiresAt <= now) return { kind: "run" };
  if (stored.fingerprint !== fingerprint) return { kind: "mismatch" };
  if (stored.answered) return { kind: "replay" };
  if (now.getTime() - stored.claimedAt.getTime() >= IDEMPOTENCY_ABANDONED_MS) return { kind: "run" };
  return { kind: "in-flight" };
}

/** Which answers are kept for replay: successes. A refusal did nothing, so a retry may run afresh. */
export function keepsAnswer(status: number): boolean {
  return status >= 200 && status < 300;
}
