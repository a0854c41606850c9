/**
 * Agent processes: start-up time of a cluster of N agents (create → ACTIVE), resident
 * memory per idle agent (RSS, and PSS which counts shared pages once), and a round of
 * tasks across all of them.
 *
 *   npx tsx bench/agents.ts [agents=100]
 */
import { median, memoryOf, poolBlueprint, startBenchServer } from "./harness";

const count = Number(process.argv[2] ?? 100);
const bench = await startBenchServer("agents");
const { client } = bench;

try {
  await client.blueprints.upload.mutate({ yaml: poolBlueprint("bench-agents", { workers: count - 1 }) });
  const started = performance.now();
  const created = await client.clusters.create.mutate({
    blueprintId: "bench-agents",
    name: "agents",
    targetWorkers: count,
  });
  await client.clusters.wait.query({ id: created.id, status: "ACTIVE", timeoutMs: 60_000 });
  const activeMs = performance.now() - started;

  // Let start-up garbage settle before reading idle memory.
  await new Promise((r) => setTimeout(r, 3000));
  const agents = await client.agents.list.query({ id: created.id });
  const memory = agents.map((a) => memoryOf(a.pid!));
  const rss = memory.map((m) => m.rssMb);
  const pss = memory.map((m) => m.pssMb);

  const roundStarted = performance.now();
  const { taskIds } = await client.tasks.submitMany.mutate({
    id: created.id,
    tasks: Array.from({ length: 1000 }, (_, i) => ({ role: "worker", payload: i })),
  });
  await Promise.all(taskIds.map((id) => client.tasks.wait.query({ id, timeoutMs: 60_000 })));
  const roundMs = performance.now() - roundStarted;
  const used = new Set(
    (await client.tasks.list.query({ clusterId: created.id, limit: 200 })).items.map((t) => t.agentId),
  ).size;

  console.log(`${count} agents: create → ACTIVE (every process ready) in ${(activeMs / 1000).toFixed(2)} s`);
  console.log(
    `idle agent memory: RSS median ${median(rss).toFixed(1)} MB (max ${Math.max(...rss).toFixed(1)}), PSS median ${median(pss).toFixed(1)} MB; all ${count}: RSS ${rss.reduce((a, b) => a + b, 0).toFixed(0)} MB, PSS ${pss.reduce((a, b) => a + b, 0).toFixed(0)} MB (goal ≤ 60 MB per idle agent)`,
  );
  console.log(
    `1,000 tasks over ${count - 1} workers: ${(roundMs / 1000).toFixed(2)} s (${used} workers seen in the last 200)`,
  );
} finally {
  await bench.stop();
}
