import { describe, expect, it } from "vitest";
import { compareStreamIds, judgeMissingJobs, type Suspect } from "./lost-jobs";

const judge = (
  previous: Map<string, Suspect>,
  missing: string[],
  now: number,
  recorderReadTo = "9999-0",
  streamEnd = "100-0",
) => judgeMissingJobs({ previous, missing, now, streamEnd, recorderReadTo, confirmMs: 2000 });

describe("lost jobs", () => {
  it("orders stream ids by time, then sequence", () => {
    expect(compareStreamIds("100-1", "100-0")).toBeGreaterThan(0);
    expect(compareStreamIds("99-5", "100-0")).toBeLessThan(0);
    expect(compareStreamIds("100-0", "100-0")).toBe(0);
  });

  it("only suspects a job missed once", () => {
    const first = judge(new Map(), ["t1:1"], 0);
    expect(first.lost).toEqual([]);
    expect(first.suspects.get("t1:1")).toEqual({ since: 0, streamMark: "100-0" });
  });

  it("calls it lost once missing for the confirmation time and the recorder has read past its mark", () => {
    const first = judge(new Map(), ["t1:1"], 0);
    expect(judge(first.suspects, ["t1:1"], 1999).lost).toEqual([]);
    expect(judge(first.suspects, ["t1:1"], 2000).lost).toEqual(["t1:1"]);
  });

  it("waits while the recorder is behind: the report may still be in the stream", () => {
    const first = judge(new Map(), ["t1:1"], 0, "50-0", "100-0");
    const later = judge(first.suspects, ["t1:1"], 10_000, "99-9");
    expect(later.lost).toEqual([]);
    expect(later.suspects.has("t1:1")).toBe(true);
    expect(judge(later.suspects, ["t1:1"], 10_001, "100-0").lost).toEqual(["t1:1"]);
  });

  it("forgets a suspect whose job is found again or whose task moved on", () => {
    const first = judge(new Map(), ["t1:1", "t2:1"], 0);
    const next = judge(first.suspects, ["t2:1"], 500);
    expect([...next.suspects.keys()]).toEqual(["t2:1"]);
    expect(judge(next.suspects, ["t1:1"], 5000).lost).toEqual([]);
  });
});
