import { describe, expect, it } from "vitest";
import { settleOutcome } from "./settle-outcome";

const queued = { status: "QUEUED" as const, attempts: 1, maxAttempts: 3 };

describe("settleOutcome", () => {
  it("records a success", () => {
    expect(settleOutcome(queued, { ok: true, retryable: true, attempt: 1 })).toBe("succeed");
  });

  it("retries a retryable failure while attempts remain, then fails", () => {
    expect(settleOutcome(queued, { ok: false, retryable: true, attempt: 1 })).toBe("retry");
    expect(settleOutcome({ ...queued, attempts: 3 }, { ok: false, retryable: true, attempt: 3 })).toBe("fail");
  });

  it("does not retry what retrying cannot fix", () => {
    expect(settleOutcome(queued, { ok: false, retryable: false, attempt: 1 })).toBe("fail");
  });

  it("ignores reports for settled tasks, older attempts and unknown tasks", () => {
    expect(settleOutcome({ ...queued, status: "CANCELLED" }, { ok: true, retryable: true, attempt: 1 })).toBe("ignore");
    expect(settleOutcome({ ...queued, status: "SUCCEEDED" }, { ok: true, retryable: true, attempt: 1 })).toBe("ignore");
    expect(settleOutcome({ ...queued, attempts: 2 }, { ok: true, retryable: true, attempt: 1 })).toBe("ignore");
    expect(settleOutcome(undefined, { ok: true, retryable: true, attempt: 1 })).toBe("ignore");
  });

  it("ignores a report of the current attempt from an agent it was not routed to", () => {
    const routed = { ...queued, agentId: "agent-a" };
    expect(settleOutcome(routed, { agentId: "agent-b", ok: true, retryable: true, attempt: 1 })).toBe("ignore");
    expect(settleOutcome(routed, { agentId: "agent-b", ok: false, retryable: false, attempt: 1 })).toBe("ignore");
    expect(settleOutcome(routed, { agentId: "agent-a", ok: true, retryable: true, attempt: 1 })).toBe("succeed");
  });
});
