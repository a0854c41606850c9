import { describe, expect, it } from "vitest";
import { costOf } from "./cost";

describe("costOf", () => {
  it("prices input and output tokens apart, per million", () => {
    expect(
      costOf({ promptTokens: 1_000_000, completionTokens: 0 }, { inputPerMillion: 2.5, outputPerMillion: 10 }),
    ).toBe(2.5);
    expect(
      costOf({ promptTokens: 12, completionTokens: 5 }, { inputPerMillion: 1000, outputPerMillion: 2000 }),
    ).toBeCloseTo(0.022, 10);
  });
});
