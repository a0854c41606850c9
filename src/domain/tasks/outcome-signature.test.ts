import { describe, expect, it } from "vitest";
import { signReport, verifyReport } from "./outcome-signature";

const claim = { taskId: "t-1", attempt: 2, agentId: "a-1", ok: true };

describe("report signatures", () => {
  it("verify with the agent's secret", () => {
    expect(verifyReport("secret-a", claim, signReport("secret-a", claim))).toBe(true);
  });

  it("fail for another agent's secret, a changed claim, or no signature", () => {
    const signature = signReport("secret-a", claim);
    expect(verifyReport("secret-b", claim, signature)).toBe(false);
    expect(verifyReport("secret-a", { ...claim, agentId: "a-2" }, signature)).toBe(false);
    expect(verifyReport("secret-a", { ...claim, ok: false }, signature)).toBe(false);
    expect(verifyReport("secret-a", { ...claim, attempt: 3 }, signature)).toBe(false);
    expect(verifyReport("secret-a", { ...claim, taskId: "t-2" }, signature)).toBe(false);
    expect(verifyReport("secret-a", claim, undefined)).toBe(false);
    expect(verifyReport("secret-a", claim, "short")).toBe(false);
  });
});
