import { describe, expect, it } from "vitest";
import { pickCluster } from "./pick-cluster";

const a = { id: "a", name: "alpha" };
const b = { id: "b", name: "beta" };

describe("pickCluster", () => {
  it("takes the only live cluster when none is named", () => {
    expect(pickCluster([a], undefined)).toEqual({ ok: true, id: "a" });
  });

  it("takes the named one, even among several", () => {
    expect(pickCluster([a, b], "b")).toEqual({ ok: true, id: "b" });
  });

  it("says there is none, or that several need a choice", () => {
    expect(pickCluster([], undefined)).toEqual({ ok: false, reason: "none" });
    expect(pickCluster([a, b], undefined)).toEqual({ ok: false, reason: "several", clusters: [a, b] });
  });
});
