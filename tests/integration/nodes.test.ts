/**
 * Nodes an operator works with: placement by labels waits with its reason until a node fits,
 * a drain moves 20 busy agents off a node without losing or repeating a task, a rebalance
 * spreads a crowded node onto a new one, and cordon keeps new agents away.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { client, deleteCreatedClusters, rest, track, uniqueName, uploadBlueprint, waitForStatus } from "./helpers";
import { type RunnerProcess, startRunner } from "./node-runners";

const runners: RunnerProcess[] = [];
afterEach(async () => {
  // The runners stop even when deleting the clusters fails: left running, they would take agents of later tests.
  try {
    await deleteCreatedClusters();
  } finally {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  }
});
afterAll(async () => {
  for (const node of await client().nodes.list.query({}))
    if (node.id.startsWith("nodes-test-") && node.state === "lost") await client().nodes.remove.mutate({ id: node.id });
});

async function run(nodeId: string, labels: string) {
  const runner = await startRunner(nodeId, { MYZEL_NODE_LABELS: labels, MYZEL_RUNNER_CAPACITY: "40" });
  runners.push(runner);
  return runner;
}

async function labelledCluster(pool: string, workers: number, extra = "", behaviour = "echo") {
  const id = uniqueName("placed");
  await uploadBlueprint(`metadata: { id: ${id}, name: Placed, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 40 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    reports_to: supervisor
    count: 1-40
    placement: { node_labels: { pool: ${pool} }${extra} }
    runtime: { type: builtin, behaviour: ${behaviour}, sleep_ms: 1500 }
`);
  const cluster = await client().clusters.create.mutate({
    name: uniqueName("c"),
    blueprintId: id,
    targetWorkers: workers + 1,
  });
  track(cluster.id);
  return cluster;
}

/** The workers (the supervisor has no placement rule and runs wherever there is room). */
const agentsOf = async (clusterId: string) =>
  (await client().agents.list.query({ id: clusterId })).filter((a) => a.role === "worker");
const placement = async (clusterId: string) => (await agentsOf(clusterId)).map((a) => `${a.status}@${a.nodeId}`).sort();

describe("placement", () => {
  it("leaves agents waiting with the reason until a node with the labels joins, then places them there", async () => {
    const pool = uniqueName("gpu");
    const cluster = await labelledCluster(pool, 2);
    await expect
      .poll(async () => (await agentsOf(cluster.id)).map((a) => a.placementWait), { timeout: 10_000 })
      .toEqual([`no live node has the labels pool=${pool}`, `no live node has the labels pool=${pool}`]);
    expect((await client().clusters.get.query({ id: cluster.id })).status).toBe("SPAWNING");

    await run("nodes-test-gpu", `pool=${pool},zone=a`);
    await waitForStatus(cluster.id, "ACTIVE");
    expect(await placement(cluster.id)).toEqual(["IDLE@nodes-test-gpu", "IDLE@nodes-test-gpu"]);
    expect((await agentsOf(cluster.id)).every((a) => a.placementWait === null)).toBe(true);
    const node = await client().nodes.get.query({ id: "nodes-test-gpu" });
    expect(node).toMatchObject({ state: "ready", labels: { pool, zone: "a" }, running: expect.any(Number) });
    expect(node.agents).toEqual([{ clusterId: cluster.id, clusterName: cluster.name, count: 2 }]);
  });

  it("holds max_per_node and spreads a role over the nodes that fit", async () => {
    const pool = uniqueName("spread");
    await run("nodes-test-s1", `pool=${pool}`);
    await run("nodes-test-s2", `pool=${pool}`);
    const cluster = await labelledCluster(pool, 5, ", spread: true, max_per_node: 2");
    await expect
      .poll(async () => (await agentsOf(cluster.id)).filter((a) => a.placementWait).map((a) => a.placementWait), {
        timeout: 15_000,
      })
      .toEqual(["every live node with room already runs max_per_node 2 agents of this role"]);
    await expect
      .poll(() => placement(cluster.id), { timeout: 15_000 })
      .toEqual([
        "IDLE@nodes-test-s1",
        "IDLE@nodes-test-s1",
        "IDLE@nodes-test-s2",
        "IDLE@nodes-test-s2",
        "PENDING@null",
      ]);
  });
});

describe("cordon, drain and rebalance", () => {
  // Twenty agents and sixty tasks on a small machine: the bounds below are generous on purpose.
  it("drains a node with 20 busy agents: every task finishes once, the agents run on the other node", async () => {
    const pool = uniqueName("drain");
    await run("nodes-test-d1", `pool=${pool}`);
    await run("nodes-test-d2", `pool=${pool}`);
    const cluster = await labelledCluster(pool, 20, ", spread: true", "sleep");
    // Twenty agent processes start on a small machine: longer than waitForStatus allows.
    await expect
      .poll(async () => (await client().clusters.get.query({ id: cluster.id })).status, {
        timeout: 120_000,
        interval: 500,
      })
      .toBe("ACTIVE");
    const spreadOver = (await agentsOf(cluster.id)).filter((a) => a.nodeId === "nodes-test-d1");
    // Should the spread fail: what the nodes looked like and what the healer did meanwhile.
    const nodesNow = (await client().nodes.list.query({})).map((n) => [n.id, n.state, n.running, n.capacity]);
    const healed = (await client().healing.history.query({ limit: 40 })).items.map((e) => [e.kind, e.nodeId, e.detail]);
    expect(spreadOver, JSON.stringify({ nodesNow, healed })).toHaveLength(10);
    const submitted = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 60 }, (_, i) => ({ role: "worker", payload: { prompt: `t${i}` } })),
    });
    // Busy: the drain starts while agents on the node hold tasks.
    await expect
      .poll(
        async () =>
          (await agentsOf(cluster.id)).filter((a) => a.status === "BUSY" && a.nodeId === "nodes-test-d1").length,
      )
      .toBeGreaterThan(5);
    const drained = await rest("/api/nodes/nodes-test-d1/drain", { method: "POST" });
    expect(drained.status).toBe(200);
    expect(drained.body.moved).toBe(10);
    expect((await client().nodes.get.query({ id: "nodes-test-d1" })).state).toBe("draining");

    await expect
      .poll(() => placement(cluster.id), { timeout: 120_000, interval: 500 })
      .toEqual(Array(20).fill("IDLE@nodes-test-d2"));
    await expect
      .poll(async () => (await client().nodes.get.query({ id: "nodes-test-d1" })).state, { timeout: 10_000 })
      .toBe("cordoned");
    const ids = submitted.taskIds;
    await expect
      .poll(
        async () => {
          const tasks = await Promise.all(ids.map((id) => client().tasks.get.query({ id })));
          // Which and where, should one be left: its status, attempt and agent.
          return tasks
            .filter((t) => t.status !== "SUCCEEDED")
            .map((t) => `${t.id} ${t.status} #${t.attempts} ${t.agentId}`);
        },
        { timeout: 120_000, interval: 1000 },
      )
      .toEqual([]);
    const tasks = await Promise.all(ids.map((id) => client().tasks.get.query({ id })));
    expect(tasks.map((t) => t.duplicateRuns)).toEqual(Array(60).fill(0));
    const history = await client().healing.history.query({ kind: "node_drained", limit: 5 });
    const entry = history.items.find((e) => e.nodeId === "nodes-test-d1");
    expect(entry).toMatchObject({ outcome: "ok", actor: expect.any(String) });
    expect(entry!.durationMs).toBeGreaterThan(0);

    // Uncordoned, it takes new agents again.
    await client().nodes.uncordon.mutate({ id: "nodes-test-d1" });
    expect((await client().nodes.get.query({ id: "nodes-test-d1" })).state).toBe("ready");
  }, 420_000);

  it("rebalances a crowded node onto one that joins, and keeps new agents off a cordoned node", async () => {
    const pool = uniqueName("rebalance");
    await run("nodes-test-r1", `pool=${pool}`);
    const cluster = await labelledCluster(pool, 6);
    await waitForStatus(cluster.id, "ACTIVE");
    await run("nodes-test-r2", `pool=${pool}`);
    const answer = await client().nodes.rebalance.mutate({});
    expect(answer.from).toContainEqual({ nodeId: "nodes-test-r1", agents: 3 });
    await expect
      .poll(() => placement(cluster.id), { timeout: 30_000 })
      .toEqual([...Array(3).fill("IDLE@nodes-test-r1"), ...Array(3).fill("IDLE@nodes-test-r2")]);
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");

    await client().nodes.cordon.mutate({ id: "nodes-test-r2" });
    await client().clusters.scale.mutate({ id: cluster.id, targetWorkers: 9 });
    await expect
      .poll(() => placement(cluster.id), { timeout: 30_000 })
      .toEqual([...Array(5).fill("IDLE@nodes-test-r1"), ...Array(3).fill("IDLE@nodes-test-r2")]);
  }, 90_000);

  it("answers an unknown node with 404 and a malformed id with 400, and refuses to remove a live node", async () => {
    expect((await rest("/api/nodes/no-such-node/drain", { method: "POST" })).status).toBe(404);
    const bad = await rest("/api/nodes/bad%20id", { method: "GET" });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe("/id");
    const live = (await client().nodes.list.query({})).find((n) => n.state !== "lost")!;
    const refused = await rest(`/api/nodes/${live.id}`, { method: "DELETE" });
    expect(refused.status).toBe(409);
  });
});
