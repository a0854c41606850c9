/**
 * The rules of a write to a memory value: its size, and compare-and-set. A write that names the
 * version it read succeeds only while that version is still the current one; version 0 means
 * "only if the key does not exist yet". A write that names none always succeeds.
 */

/** Bytes of a value as stored: its JSON text in UTF-8. */
export function jsonSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "null", "utf8");
}

export function sizeProblem(what: string, bytes: number, limit: number): string | undefined {
  return bytes > limit ? `${what} is ${bytes} bytes; at most ${limit} are kept` : undefined;
}

export type CasDecision = { ok: true; nextVersion: number } | { ok: false; currentVersion: number };

/** `current` is the live version (0 when there is none or it has expired). */
export function decideWrite(current: number, expected: number | undefined): CasDecision {
  if (expected !== undefined && expected !== current) return { ok: false, currentVersion: current };
  return { ok: true, nextVersion: current + 1 };
}

/** When a value written now with `ttlSeconds` expires; none without a TTL. */
export function expiryOf(now: Date, ttlSeconds: number | undefined): Date | null {
  return ttlSeconds === undefined ? null : new Date(now.getTime() + ttlSeconds * 1000);
}

export function isLive(expiresAt: Date | null, now: Date): boolean {
  return !expiresAt || expiresAt.getTime() > now.getTime();
}
