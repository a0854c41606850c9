import { describe, expect, it } from "vitest";
import { IDEMPOTENCY_ABANDONED_MS, idempotencyKeyProblem, keepsAnswer, keyDecision } from "./idempotency";

const now = new Date("2026-12-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const stored = (changes: Partial<Parameters<typeof keyDecision>[0] & object> = {}) => ({
  fingerprint: "f1",
  claimedAt: ago(1000),
  expiresAt: new Date(now.getTime() + 3600_000),
  answered: true,
  ...changes,
});

describe("idempotency keys", () => {
  it("accept 1 to 255 printable characters", () => {
    expect(idempotencyKeyProblem(undefined)).toBeNull();
    expect(idempotencyKeyProblem("a")).toBeNull();
    expect(idempotencyKeyProblem("order 42/retry ~!")).toBeNull();
    expect(idempotencyKeyProblem("x".repeat(255))).toBeNull();
  });

  it("refuse empty, long, non-printable and repeated keys with the reason", () => {
    expect(idempotencyKeyProblem("")).toBe("Idempotency-Key must be 1 to 255 characters long");
    expect(idempotencyKeyProblem("x".repeat(256))).toBe("Idempotency-Key must be 1 to 255 characters long");
    expect(idempotencyKeyProblem("tab\there")).toBe("Idempotency-Key must be printable ASCII characters");
    expect(idempotencyKeyProblem("schlüssel")).toBe("Idempotency-Key must be printable ASCII characters");
    expect(idempotencyKeyProblem(["a", "b"])).toBe("send one Idempotency-Key header, not 2");
  });
});

describe("what a key decides", () => {
  it("runs a request whose key is new or expired", () => {
    expect(keyDecision(null, "f1", now)).toEqual({ kind: "run" });
    expect(keyDecision(stored({ expiresAt: now }), "f2", now)).toEqual({ kind: "run" });
  });

  it("replays the answer of the same request", () => {
    expect(keyDecision(stored(), "f1", now)).toEqual({ kind: "replay" });
  });

  it("refuses the key for another request, answered or not", () => {
    expect(keyDecision(stored(), "f2", now)).toEqual({ kind: "mismatch" });
    expect(keyDecision(stored({ answered: false }), "f2", now)).toEqual({ kind: "mismatch" });
  });

  it("reports the same request in flight, until its claim is old enough to be abandoned", () => {
    expect(keyDecision(stored({ answered: false }), "f1", now)).toEqual({ kind: "in-flight" });
    const abandoned = stored({ answered: false, claimedAt: ago(IDEMPOTENCY_ABANDONED_MS) });
    expect(keyDecision(abandoned, "f1", now)).toEqual({ kind: "run" });
  });

  it("keeps successes only", () => {
    expect(keepsAnswer(201)).toBe(true);
    expect(keepsAnswer(200)).toBe(true);
    expect(keepsAnswer(422)).toBe(false);
    expect(keepsAnswer(500)).toBe(false);
  });
});
