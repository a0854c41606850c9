import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../schemas/live";
import { ResumePoints } from "./resume-points";

const at = "2026-12-01T00:00:00.000Z";
const event = (eventId: string, clusterId = "a"): LiveEvent => ({ type: "cluster.updated", clusterId, at, eventId });

describe("where a client is in the stream", () => {
  it("watches again from the last event each target received", () => {
    const points = new ResumePoints();
    points.add({ all: true });
    points.add({ clusterId: "b" }, "90-0");
    points.acknowledged({ all: true }, "100-0");
    expect(points.accept(event("101-0", "a"))).toBe(true);
    expect(points.requests().map((r) => r.request)).toEqual([
      { all: true, after: "101-0" },
      { clusterId: "b", after: "90-0" },
    ]);
  });

  it("drops an event it already handed out", () => {
    const points = new ResumePoints();
    points.add({ clusterId: "a" }, "100-0");
    expect(points.accept(event("100-0"))).toBe(false);
    expect(points.accept(event("100-1"))).toBe(true);
    expect(points.accept(event("100-1"))).toBe(false);
  });

  it("watches from now a target it has no position for", () => {
    const points = new ResumePoints();
    points.add({ clusterId: "a" });
    expect(points.request({ clusterId: "a" })).toEqual({ clusterId: "a" });
  });

  it("forgets a target once nothing wants it", () => {
    const points = new ResumePoints();
    expect(points.add({ clusterId: "a" })).toBe(true);
    expect(points.add({ clusterId: "a" })).toBe(false);
    expect(points.remove({ clusterId: "a" })).toBe(false);
    expect(points.remove({ clusterId: "a" })).toBe(true);
    expect(points.requests()).toEqual([]);
  });
});
