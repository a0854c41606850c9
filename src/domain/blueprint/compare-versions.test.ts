import { describe, expect, it } from "vitest";
import { compareVersions, newestFirst } from "./compare-versions";

describe("compareVersions", () => {
  it("compares numerically, not as text", () => {
    expect(compareVersions("1.10.0", "1.9.0")).toBe(1);
    expect(compareVersions("1.0", "1.0.0")).toBe(0);
    expect(compareVersions("2", "10")).toBe(-1);
  });

  it("puts a pre-release before its release", () => {
    expect(compareVersions("2.0.0-rc.1", "2.0.0")).toBe(-1);
    expect(compareVersions("2.0.0-rc.2", "2.0.0-rc.10")).toBe(-1);
  });

  it("sorts newest first", () => {
    expect(newestFirst(["1.0.0", "1.10.0", "1.2.0", "2.0.0-beta"])).toEqual(["2.0.0-beta", "1.10.0", "1.2.0", "1.0.0"]);
  });
});
