/** Cluster metrics: sampled by the leader, stored, bucketed for charts, downsampled when old. */
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { downsampleMetrics } from "../../src/control/metrics/metrics-downsampling";
import { createDatabase } from "../../src/infra/database/client";
import { activeCluster, client, deleteCreatedClusters, rest, uniqueName, uploadBlueprint } from "./helpers";

afterEach(deleteCreatedClusters);
const db = createDatabase(inject("databaseUrl"));
afterAll(() => db.$disconnect());

async function echoPool(workers: number) {
  const id = uniqueName("metrics");
  await uploadBlueprint(`metadata: { id: ${id}, name: Metrics, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10 }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, count: ${workers}, reports_to: supervisor, concurrency: 2 }
  - { role: breaker, name: Breaker, reports_to: supervisor, runtime: { type: builtin, behaviour: fail } }
`);
  return activeCluster({ blueprintId: id });
}

describe("cluster metrics", () => {
  it("samples a running cluster: tasks per minute, response times, error rate and its agents", async () => {
    const cluster = await echoPool(3);
    const ok = await Promise.all(
      Array.from({ length: 8 }, () => client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 })),
    );
    expect(ok.every((t) => t.status === "SUCCEEDED")).toBe(true);
    const failed = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "breaker",
      maxAttempts: 1,
      waitMs: 10_000,
    });
    expect(failed.status).toBe("FAILED");

    await expect
      .poll(
        async () =>
          (await client().agents.metricsHistory.query({ id: cluster.id, windowMinutes: 5 })).points.at(-1)
            ?.tasksPerMinute,
        { timeout: 10_000 },
      )
      .toBe(9);
    const history = await client().agents.metricsHistory.query({ id: cluster.id, windowMinutes: 5 });
    const last = history.points.at(-1)!;
    expect(last.agentsActive).toBe(5);
    expect(last.agentsBusy + last.agentsIdle).toBe(5);
    expect(last.errorRate).toBeCloseTo(1 / 9, 2);
    expect(last.avgResponseMs).toBeGreaterThan(0);
    expect(last.p95ResponseMs).toBeGreaterThanOrEqual(last.avgResponseMs);
    expect(last.memoryMb).toBeGreaterThan(5 * 10);
    expect(history.points.length).toBeLessThanOrEqual(300);
    // The same series over REST.
    const viaRest = await rest(`/api/clusters/${cluster.id}/metrics/history?windowMinutes=60`);
    expect(viaRest.status).toBe(200);
    expect(viaRest.body.bucketSeconds).toBe(30);
  });

  it("refuses a window outside 1 minute to 30 days, saying which field", async () => {
    const cluster = await echoPool(1);
    const response = await rest(`/api/clusters/${cluster.id}/metrics/history?windowMinutes=0`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain("windowMinutes");
  });

  it("folds samples older than an hour into one row per minute, keeping the figures", async () => {
    const cluster = await echoPool(1);
    await client().clusters.hibernate.mutate({ id: cluster.id });
    const start = Date.UTC(2020, 0, 1, 12, 0, 0);
    await db.clusterMetric.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        clusterId: cluster.id,
        sampledAt: new Date(start + i * 2000),
        resolutionSeconds: 2,
        queueLength: i < 30 ? 10 : 20,
        agentsFailed: i === 5 ? 3 : 0,
      })),
    });
    await downsampleMetrics(db, 365 * 100, new Date(start + 3 * 3600_000));
    const rows = await db.clusterMetric.findMany({
      where: { clusterId: cluster.id, sampledAt: { lt: new Date(start + 3600_000) } },
      orderBy: { sampledAt: "asc" },
    });
    expect(
      rows.map((r) => [r.sampledAt.getTime() - start, r.resolutionSeconds, r.queueLength, r.agentsFailed]),
    ).toEqual([
      [0, 60, 10, 3],
      [60_000, 60, 20, 0],
    ]);
    // Past the retention, nothing is kept.
    await downsampleMetrics(db, 1, new Date(start + 3 * 86_400_000));
    expect(
      await db.clusterMetric.count({ where: { clusterId: cluster.id, sampledAt: { lt: new Date(start + 3600_000) } } }),
    ).toBe(0);
  });
});
