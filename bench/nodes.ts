/**
 * Nodes: a runner host dies (its runner and agents SIGKILLed) → its agents running on another
 * node, against the heartbeat TTL measured as the loss detector's floor (and Kubernetes' default
 * pod eviction of about 300 s, stated, not measured); then a drain of a node whose 20 agents are
 * busy: tasks lost or failed because of it, and how long it took against one task's length.
 *
 *   npx tsx bench/nodes.ts
 */
import { spawn } from "node:child_process";
import { startBenchServer, until } from "./harness";

const bench = await startBenchServer("nodes");
const { client, server } = bench;
const { databaseUrl, redisUrl } = server.infrastructure;
const settings = server.deps.settings;
const ttlMs = settings.NODE_HEARTBEAT_INTERVAL_MS * settings.NODE_HEARTBEAT_MISSES;

function runner(nodeId: string, labels: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/runner/main.ts"], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      MYZEL_NODE_ID: nodeId,
      MYZEL_NODE_LABELS: labels,
      MYZEL_LOG_LEVEL: "warn",
    },
    stdio: "ignore",
    detached: true,
  });
  return child;
}

const blueprint = (id: string, pool: string) => `metadata: { id: ${id}, name: Bench nodes, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 100 }
agents:
  - { role: supervisor, name: Boss }
  - role: worker
    name: Worker
    count: 1-100
    reports_to: supervisor
    placement: { node_labels: { pool: ${pool} }, spread: true }
    runtime: { type: builtin, behaviour: sleep, sleep_ms: 1000 }
`;
const workers = async (id: string) => (await client.agents.list.query({ id })).filter((a) => a.role === "worker");
const started = new Set<number>();

try {
  // 1. A host dies: runner and agents SIGKILLed at once.
  const doomed = runner("bench-doomed", "pool=a");
  const spare = runner("bench-spare", "pool=a");
  for (const c of [doomed, spare]) started.add(c.pid!);
  await until(
    async () => (await client.nodes.list.query({})).filter((n) => n.id.startsWith("bench-")).length === 2,
    60_000,
  );
  await client.blueprints.upload.mutate({ yaml: blueprint("bench-nodes-a", "a") });
  const a = await client.clusters.create.mutate({ blueprintId: "bench-nodes-a", name: "failover", targetWorkers: 9 });
  await client.clusters.wait.query({ id: a.id, status: "ACTIVE", timeoutMs: 60_000 });
  const before = (await workers(a.id)).filter((w) => w.nodeId === "bench-doomed").length;
  const diedAt = Date.now();
  process.kill(-doomed.pid!, "SIGKILL");
  started.delete(doomed.pid!);
  await until(
    async () => (await workers(a.id)).every((w) => w.nodeId === "bench-spare" && ["IDLE", "BUSY"].includes(w.status)),
    60_000,
  );
  const failoverMs = Date.now() - diedAt;
  console.log(`node died with ${before} agents → running elsewhere: ${failoverMs} ms`);
  console.log(
    `  heartbeat TTL (loss detection floor): ${ttlMs} ms; ratio failover/TTL: ${(failoverMs / ttlMs).toFixed(2)}`,
  );
  console.log(`  Kubernetes default eviction ≈ 300000 ms (not measured): ratio ${(failoverMs / 300_000).toFixed(4)}`);
  await client.clusters.delete.mutate({ id: a.id });

  // 2. Drain a node whose 20 agents are busy.
  const drained = runner("bench-drained", "pool=b");
  const target = runner("bench-target", "pool=b");
  for (const c of [drained, target]) started.add(c.pid!);
  await until(
    async () =>
      (await client.nodes.list.query({})).filter((n) => n.id.startsWith("bench-") && n.state === "ready").length >= 3,
    60_000,
  );
  await client.blueprints.upload.mutate({ yaml: blueprint("bench-nodes-b", "b") });
  const b = await client.clusters.create.mutate({ blueprintId: "bench-nodes-b", name: "drain", targetWorkers: 41 });
  // 41 agents start: up to two of the API's longest waits.
  for (let i = 0; i < 2; i++)
    if ((await client.clusters.wait.query({ id: b.id, status: "ACTIVE", timeoutMs: 60_000 })).status === "ACTIVE")
      break;
  const { taskIds } = await client.tasks.submitMany.mutate({
    id: b.id,
    tasks: Array.from({ length: 200 }, (_, i) => ({ role: "worker", payload: { prompt: `t${i}` } })),
  });
  await until(
    async () => (await workers(b.id)).filter((w) => w.nodeId === "bench-drained" && w.status === "BUSY").length >= 15,
  );
  const drainAt = Date.now();
  const { moved } = await client.nodes.drain.mutate({ id: "bench-drained" });
  await until(async () => (await client.nodes.get.query({ id: "bench-drained" })).state === "cordoned", 120_000);
  const drainMs = Date.now() - drainAt;
  await until(async () => {
    const tasks = await Promise.all(taskIds.map((id) => client.tasks.get.query({ id })));
    return tasks.every((t) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(t.status));
  }, 180_000);
  const tasks = await Promise.all(taskIds.map((id) => client.tasks.get.query({ id })));
  console.log(
    `drain of a node with ${moved} busy agents: ${drainMs} ms (${(drainMs / 1000).toFixed(1)}× one task's 1000 ms)`,
  );
  console.log(
    `  tasks: ${tasks.length} accepted, ${tasks.filter((t) => t.status === "SUCCEEDED").length} succeeded, ${tasks.filter((t) => t.status !== "SUCCEEDED").length} lost or failed, ${tasks.reduce((s, t) => s + t.duplicateRuns, 0)} run twice`,
  );
} finally {
  for (const pid of started) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
  await bench.stop();
}
