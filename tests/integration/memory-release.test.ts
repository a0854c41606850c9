/**
 * What a server keeps in memory of clusters and agents follows what exists, not what ever
 * existed: agents retired by a scale-down and every agent of a destroyed cluster leave nothing
 * behind in the dispatcher, the runner or the waiters, and an agent's queue is closed once
 * unused. Against a server of its own, whose structures the test can look into.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MyzelClient } from "../../src/client";
import { AgentQueues } from "../../src/core/tasks/agent-queues";
import { startLocalMyzel } from "../support/local-myzel";
import { uniqueName } from "./helpers";

let local: Awaited<ReturnType<typeof startLocalMyzel>>;
let myzel: MyzelClient;

beforeAll(async () => {
  local = await startLocalMyzel("memory", {
    MYZEL_LOG_LEVEL: "silent",
    MYZEL_AUTO_SCALE_ENABLED: "false",
    MYZEL_HIBERNATION_ENABLED: "false",
    MYZEL_METRICS_INTERVAL_MS: "500",
    MYZEL_INFRA_SAMPLE_INTERVAL_MS: "3600000",
  });
  myzel = local.client;
}, 60_000);

afterAll(() => local?.stop());

describe("memory follows what exists", () => {
  it("keeps nothing of retired agents, nor of a destroyed cluster", async () => {
    const blueprintId = uniqueName("release");
    await myzel.blueprints.upload.mutate({
      yaml: `metadata: { id: ${blueprintId}, name: Released, version: 1.0.0 }
cluster: { type: department, min_workers: 2, max_workers: 5, routing: least-busy }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, count: 1-4, reports_to: supervisor, concurrency: 2, runtime: { type: builtin, behaviour: sleep, sleep_ms: 20 } }
`,
    });
    const { deps, runner: localRunner } = local.server;
    const runner = localRunner!;
    const cluster = await myzel.clusters.create.mutate({ blueprintId, name: uniqueName("release"), targetWorkers: 5 });
    await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 30_000 });
    const runTasks = async (n: number) => {
      const { taskIds } = await myzel.tasks.submitMany.mutate({
        id: cluster.id,
        tasks: Array.from({ length: n }, () => ({ role: "worker" })),
      });
      for (const id of taskIds)
        expect((await myzel.tasks.wait.query({ id, timeoutMs: 30_000 })).status).toBe("SUCCEEDED");
    };
    await runTasks(40);
    expect(deps.dispatcher.held.clusters).toBe(1);

    await myzel.clusters.scale.mutate({ id: cluster.id, targetWorkers: 2 });
    await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 30_000 });
    await runTasks(10);
    const live = () => local.server.deps.db.clusterAgent.count({ where: { clusterId: cluster.id, removedAt: null } });
    // The runner's records of the three retired workers go once they have stopped.
    await expect.poll(async () => runner.held - (await live()), { timeout: 20_000 }).toBe(0);

    await myzel.clusters.delete.mutate({ id: cluster.id });
    await myzel.clusters.wait.query({ id: cluster.id, status: "DESTROYED", timeoutMs: 30_000 });
    await expect.poll(() => runner.held, { timeout: 20_000 }).toBe(0);
    await expect.poll(() => deps.dispatcher.held, { timeout: 5_000 }).toEqual({ clusters: 0, agentsWithLoad: 0 });
    expect(deps.waiters.size).toBe(0);
  }, 120_000);

  it("closes an agent's queue once unused, and with it its listeners on the shared connection", async () => {
    const redis = local.server.deps.redis;
    let now = 0;
    const queues = new AgentQueues(redis, 1000, () => now);
    const listenersBefore = redis.listenerCount("error");
    await queues.of("agent-a").waitUntilReady();
    await queues.of("agent-b").waitUntilReady();
    expect(redis.listenerCount("error")).toBeGreaterThan(listenersBefore);
    now = 600;
    queues.of("agent-b");
    now = 1200; // a unused for 1200 ms, b for 600 ms
    queues.of("agent-b");
    expect(queues.size).toBe(1);
    now = 2400;
    queues.of("agent-c");
    expect(queues.size).toBe(1);
    await queues.close();
    await expect.poll(() => redis.listenerCount("error")).toBe(listenersBefore);
  });
});
