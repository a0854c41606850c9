import { describe, expect, it } from "vitest";
import type { ClusterFigures } from "../../lib/api-types";
import { byTrouble, troubleOf } from "./trouble-order";

function figures(
  name: string,
  over: {
    status?: string;
    failed?: number;
    openCircuits?: number;
    starting?: number;
    errorRate?: number | null;
    open?: number;
  } = {},
): ClusterFigures {
  return {
    cluster: { name, status: over.status ?? "ACTIVE" } as ClusterFigures["cluster"],
    agents: {
      total: 5,
      running: 5,
      starting: over.starting ?? 0,
      failed: over.failed ?? 0,
      openCircuits: over.openCircuits ?? 0,
    },
    tasks: { open: over.open ?? 0, perMinute: 10, errorRate: over.errorRate ?? null },
  };
}

describe("troubleOf", () => {
  it("calls failed agents, open circuits and one failing task in ten trouble", () => {
    expect(troubleOf(figures("a", { failed: 1 }))).toBe("trouble");
    expect(troubleOf(figures("a", { openCircuits: 1 }))).toBe("trouble");
    expect(troubleOf(figures("a", { errorRate: 0.29 }))).toBe("trouble");
  });
  it("wants attention for a few errors, starting agents or a cluster between states", () => {
    expect(troubleOf(figures("a", { errorRate: 0.02 }))).toBe("attention");
    expect(troubleOf(figures("a", { starting: 2 }))).toBe("attention");
    expect(troubleOf(figures("a", { status: "SCALING_UP" }))).toBe("attention");
    expect(troubleOf(figures("a"))).toBe("fine");
    expect(troubleOf(figures("a", { status: "HIBERNATED" }))).toBe("fine");
  });
});

describe("byTrouble", () => {
  it("puts the cluster at 29 % errors first, however old it is, and the quiet ones by name", () => {
    const list = [
      figures("Zeta"),
      figures("Alpha"),
      figures("Errors", { errorRate: 0.29 }),
      figures("Scaling", { status: "SCALING_UP" }),
      figures("Broken", { failed: 1, errorRate: 0.12 }),
    ].sort(byTrouble);
    expect(list.map((f) => f.cluster.name)).toEqual(["Errors", "Broken", "Scaling", "Alpha", "Zeta"]);
  });
  it("puts more open work first among equals", () => {
    const list = [figures("a", { open: 1 }), figures("b", { open: 9 })].sort(byTrouble);
    expect(list.map((f) => f.cluster.name)).toEqual(["b", "a"]);
  });
});
