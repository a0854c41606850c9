import { describe, expect, it } from "vitest";
import type { Cluster, ClusterFigures } from "../../lib/api-types";
import { clusterRows, sortClusterRows } from "./cluster-rows";

const cluster = (id: string, name: string, createdAt: string) =>
  ({ id, name, status: "ACTIVE", currentWorkers: 3, createdAt }) as Cluster;
const figures = (c: Cluster, open: number, errorRate: number | null): ClusterFigures => ({
  cluster: c,
  agents: { total: 3, running: 3, starting: 0, failed: 0, openCircuits: 0 },
  tasks: { open, perMinute: open * 2, errorRate },
});

describe("clusters list rows", () => {
  const a = cluster("a", "Alpha", "2026-01-01T00:00:00Z");
  const b = cluster("b", "Beta", "2026-01-02T00:00:00Z");
  const gone = cluster("c", "Gone", "2026-01-03T00:00:00Z");
  const rows = clusterRows([a, b, gone], [figures(a, 5, 0.29), figures(b, 9, 0)]);

  it("joins each cluster to its figures; a deleted one has none", () => {
    expect(rows.map((row) => row.figures?.tasks.open ?? null)).toEqual([5, 9, null]);
  });

  it("sorts by error rate or open tasks either way, unknown figures last", () => {
    const names = (key: "errors" | "open", direction: "asc" | "desc") =>
      sortClusterRows(rows, { key, direction }).map((row) => row.cluster.name);
    expect(names("errors", "desc")).toEqual(["Alpha", "Beta", "Gone"]);
    expect(names("errors", "asc")).toEqual(["Beta", "Alpha", "Gone"]);
    expect(names("open", "desc")).toEqual(["Beta", "Alpha", "Gone"]);
  });

  it("sorts by creation, newest first", () => {
    expect(sortClusterRows(rows, { key: "created", direction: "desc" }).map((row) => row.cluster.id)).toEqual([
      "c",
      "b",
      "a",
    ]);
  });
});
