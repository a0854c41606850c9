import { describe, expect, it } from "vitest";
import { rejectionReason, timeoutDecision, timeoutReason, type WaitingApproval } from "./approval-timeout";

const requestedAt = new Date("2026-12-01T10:00:00Z");
const atSecond = (seconds: number) => new Date(requestedAt.getTime() + seconds * 1000);
const waiting = (onTimeout: WaitingApproval["onTimeout"], escalatedAt: Date | null = null): WaitingApproval => ({
  requestedAt,
  timeoutSeconds: 60,
  onTimeout,
  escalatedAt,
});

describe("approval timeout", () => {
  it("waits until the timeout has passed", () => {
    expect(timeoutDecision(waiting("reject"), atSecond(59.999))).toBe("wait");
    expect(timeoutDecision(waiting("escalate"), atSecond(0))).toBe("wait");
  });

  it("rejects once the timeout has passed, when the role says reject", () => {
    expect(timeoutDecision(waiting("reject"), atSecond(60))).toBe("reject");
    expect(timeoutDecision(waiting("reject"), atSecond(86_400))).toBe("reject");
  });

  it("escalates once, then keeps the task waiting", () => {
    expect(timeoutDecision(waiting("escalate"), atSecond(61))).toBe("escalate");
    expect(timeoutDecision(waiting("escalate", atSecond(61)), atSecond(3600))).toBe("wait");
  });

  it("says who rejected and why, or how long it waited", () => {
    expect(rejectionReason("ada", "not this month")).toBe("rejected by ada: not this month");
    expect(timeoutReason(3600)).toBe("approval timed out after 3600s");
  });
});
