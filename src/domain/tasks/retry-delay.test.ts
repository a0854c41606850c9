import { describe, expect, it } from "vitest";
import { retryDelay } from "./retry-delay";

const policy = { baseMs: 500, maxMs: 30_000 };

describe("retryDelay", () => {
  it("doubles per attempt, jitter keeping it between half and all of the step", () => {
    expect(retryDelay(1, policy, () => 0)).toBe(250);
    expect(retryDelay(1, policy, () => 1)).toBe(500);
    expect(retryDelay(2, policy, () => 1)).toBe(1000);
    expect(retryDelay(4, policy, () => 0.5)).toBe(3000);
  });

  it("never exceeds the cap", () => {
    expect(retryDelay(30, policy, () => 1)).toBe(30_000);
    expect(retryDelay(30, policy, () => 0)).toBe(15_000);
  });
});
