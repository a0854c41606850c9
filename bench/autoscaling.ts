/**
 * Organic growth with the default settings (metrics every 2 s, a decision at most every 2 s):
 *  1. a backlog crosses the threshold → the first task finished by a newly added agent;
 *  2. a task to a hibernated cluster → its result (wake-up included);
 *  3. a load step up then down → the agent count over time and its direction changes.
 *
 *   npx tsx bench/autoscaling.ts
 */
import { median, startBenchServer, until } from "./harness";

const bench = await startBenchServer("autoscaling");
const { client } = bench;

const blueprint = (
  id: string,
  sleepMs: number,
  extra = "",
) => `metadata: { id: ${id}, name: Bench growth, version: 1.0.0 }
cluster:
  type: department
  min_workers: 2
  max_workers: 11
  scaling: { metric: task_queue_length, scale_up_threshold: 10, scale_down_threshold: 2${extra} }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, count: 1-10, reports_to: supervisor, runtime: { type: builtin, behaviour: sleep, sleep_ms: ${sleepMs} } }
`;

async function activeCluster(blueprintId: string, name: string) {
  const cluster = await client.clusters.create.mutate({ blueprintId, name });
  await client.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 60_000 });
  return cluster;
}

try {
  // 1. Backlog → new agents working.
  await client.blueprints.upload.mutate({ yaml: blueprint("bench-burst", 100) });
  const burstTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    const cluster = await activeCluster("bench-burst", `burst-${round}`);
    const first = new Set((await client.agents.list.query({ id: cluster.id })).map((a) => a.id));
    const t0 = Date.now();
    await client.tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 200 }, () => ({ role: "worker" })),
    });
    await until(async () =>
      (await client.agents.metrics.query({ id: cluster.id, limit: 1 })).perAgent.some(
        (a) => !first.has(a.agentId) && a.tasksCompleted > 0,
      ),
    );
    burstTimes.push(Date.now() - t0);
    await client.clusters.delete.mutate({ id: cluster.id });
  }

  // 2. A task to a hibernated cluster → first result.
  await client.blueprints.upload.mutate({ yaml: blueprint("bench-wake", 0) });
  const sleepy = await activeCluster("bench-wake", "wake");
  const wakeTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    await client.clusters.hibernate.mutate({ id: sleepy.id });
    await client.clusters.wait.query({ id: sleepy.id, status: "HIBERNATED", timeoutMs: 60_000 });
    const t0 = Date.now();
    const task = await client.tasks.submit.mutate({ id: sleepy.id, role: "worker", waitMs: 30_000 });
    if (task.status !== "SUCCEEDED") throw new Error(`the wake-up task ended ${task.status}`);
    wakeTimes.push(Date.now() - t0);
  }

  // 3. A load step: 40 tasks/s for 20 s (one worker does 5/s), then nothing for 100 s.
  await client.blueprints.upload.mutate({ yaml: blueprint("bench-step", 200) });
  const step = await activeCluster("bench-step", "step");
  const t0 = Date.now();
  const counts: Array<[number, number]> = [];
  const watch = setInterval(async () => {
    const c = await client.clusters.get.query({ id: step.id });
    counts.push([Math.round((Date.now() - t0) / 1000), c.currentWorkers]);
  }, 1000);
  for (let s = 0; s < 20; s++) {
    await client.tasks.submitMany.mutate({
      id: step.id,
      tasks: Array.from({ length: 40 }, () => ({ role: "worker" })),
    });
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 100_000));
  clearInterval(watch);
  const applied = (await client.clusters.scalingDecisions.query({ id: step.id, changesOnly: true })).items.reverse();
  const directions = applied.map((d) => d.direction);
  const changes = directions.filter((d, i) => i > 0 && d !== directions[i - 1]).length;
  const peak = Math.max(...counts.map(([, n]) => n));
  const reachedPeak = counts.find(([, n]) => n === peak)?.[0];
  const backAtMin = counts.find(([t, n]) => t > 20 && n === 2)?.[0];

  console.log(`backlog → first task done by a new agent: median ${median(burstTimes)} ms (${burstTimes.join(", ")})`);
  console.log(`task to a hibernated cluster → result: median ${median(wakeTimes)} ms (${wakeTimes.join(", ")})`);
  console.log(
    `load step: peak ${peak} agents at ${reachedPeak} s; back to 2 at ${backAtMin ?? "-"} s; ${applied.length} changes, ${changes} direction changes (${directions.join(" ")})`,
  );
  console.log(`agents over time: ${counts.map(([t, n]) => `${t}s:${n}`).join(" ")}`);
} finally {
  await bench.stop();
}
