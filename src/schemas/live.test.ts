import { describe, expect, it } from "vitest";
import { compareEventIds, eventId, targetReceives, watchRequest } from "./live";

describe("event ids", () => {
  it("order by time, then by sequence within the same millisecond, as numbers not text", () => {
    expect(compareEventIds("99-0", "100-0")).toBeLessThan(0);
    expect(compareEventIds("100-10", "100-9")).toBeGreaterThan(0);
    expect(compareEventIds("100-1", "100-1")).toBe(0);
    expect(compareEventIds("1796093375958-0", "1796093375957-12")).toBeGreaterThan(0);
  });

  it("accept only what the stream gives out", () => {
    expect(eventId.safeParse("1796093375958-0").success).toBe(true);
    expect(eventId.safeParse("yesterday").success).toBe(false);
    expect(watchRequest.safeParse({ all: true, after: "1-x" }).error?.issues[0]?.path).toEqual(["after"]);
  });
});

describe("targets", () => {
  const at = "2026-12-01T00:00:00.000Z";
  it("the overview receives every cluster's events; a cluster's watch only its own", () => {
    const event = { type: "cluster.updated" as const, clusterId: "a", at };
    expect(targetReceives({ all: true }, event)).toBe(true);
    expect(targetReceives({ clusterId: "a" }, event)).toBe(true);
    expect(targetReceives({ clusterId: "b" }, event)).toBe(false);
  });
});
