import { describe, expect, it } from "vitest";
import { formatCount, formatDuration, formatPercent, formatRelative } from "./format";

describe("format", () => {
  it("durations read in the unit that fits", () => {
    expect(formatDuration(85.4)).toBe("85 ms");
    expect(formatDuration(1430)).toBe("1.4 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
  });

  it("counts and rates stay short", () => {
    expect(formatCount(980)).toBe("980");
    expect(formatCount(1234)).toBe("1.2k");
    expect(formatCount(56_000)).toBe("56k");
    expect(formatCount(3_400_000)).toBe("3.4M");
    expect(formatPercent(0.0123)).toBe("1.2 %");
    expect(formatPercent(null)).toBe("–");
  });

  it("relative times", () => {
    const now = Date.parse("2026-11-24T10:00:00Z");
    expect(formatRelative("2026-11-24T09:59:58Z", now)).toBe("just now");
    expect(formatRelative("2026-11-24T09:57:00Z", now)).toBe("3 minutes ago");
  });
});
