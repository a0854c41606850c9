/**
 * The kept answers of `Idempotency-Key` requests, in PostgreSQL: the record the tasks and
 * clusters they made live in, shared by every server, and kept across restarts of Redis
 * (which holds only what may be lost). A key is claimed before the request runs, so of two
 * concurrent duplicates exactly one runs; the answer is kept once it succeeded.
 */
import { IDEMPOTENCY_TTL_MS, keyDecision } from "../domain/http/idempotency";
import type { Database } from "../infra/database/client";

export interface KeptAnswer {
  status: number;
  location: string | null;
  body: string;
}

export type Claim =
  /** The caller owns the key now: run the request, then keep or release its answer with `claimedAt`. */
  | { kind: "run"; claimedAt: Date }
  | { kind: "replay"; answer: KeptAnswer }
  | { kind: "mismatch" }
  | { kind: "in-flight" };

export interface KeyRef {
  /** `token:<id>` or `user:<id>`. */
  actor: string;
  key: string;
}

/** Claims `key` for a request with `fingerprint`, or says what became of an earlier one. */
export async function claimKey(db: Database, ref: KeyRef, fingerprint: string, now = new Date()): Promise<Claim> {
  const fresh = { fingerprint, claimedAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) };
  // Claiming races with other servers: each pass either inserts, reads a settled row, or
  // loses a take-over to a faster duplicate and looks again.
  for (let pass = 0; pass < 3; pass++) {
    const inserted = await db.idempotencyKey.createMany({ data: [{ ...ref, ...fresh }], skipDuplicates: true });
    if (inserted.count === 1) return { kind: "run", claimedAt: now };
    const row = await db.idempotencyKey.findUnique({ where: { actor_key: ref } });
    if (!row) continue;
    const decision = keyDecision({ ...row, answered: row.status !== null }, fingerprint, now);
    if (decision.kind === "replay") {
      return { kind: "replay", answer: { status: row.status!, location: row.location, body: row.body ?? "" } };
    }
    if (decision.kind !== "run") return decision;
    // Expired, or abandoned by a server that stopped mid-request: take it over unless another did.
    const taken = await db.idempotencyKey.updateMany({
      where: { ...ref, claimedAt: row.claimedAt },
      data: { ...fresh, status: null, location: null, body: null },
    });
    if (taken.count === 1) return { kind: "run", claimedAt: now };
  }
  return { kind: "in-flight" };
}

/** Keeps the answer of the request that holds the claim. */
export async function keepAnswer(db: Database, ref: KeyRef, claimedAt: Date, answer: KeptAnswer): Promise<void> {
  await db.idempotencyKey.updateMany({ where: { ...ref, claimedAt }, data: answer });
}

/** Gives the key back after a refusal or failure, so a corrected retry runs afresh. */
export async function releaseKey(db: Database, ref: KeyRef, claimedAt: Date): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { ...ref, claimedAt, status: null } });
}

/** Deletes expired keys; returns how many. */
export async function sweepIdempotencyKeys(db: Database, now = new Date()): Promise<number> {
  return (await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
