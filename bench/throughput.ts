/**
 * End-to-end throughput at growing sizes: tasks per second from submit (typed client over
 * HTTP, batches of 1,000) until every result is recorded in PostgreSQL, builtin echo runtime —
 * against raw BullMQ (addBulk + one Worker at concurrency 50, no-op) on the same Redis in the
 * same run, size for size. Also the submit p99 (one batch of 1,000), the server's peak RSS,
 * and the healing and leadership it caused (a burst must cause none).
 *
 *   npx tsx bench/throughput.ts [sizes=10000,50000,100000] [agents=4] [concurrency=50]
 *
 * Goals: ≥ 50 % of raw BullMQ at every size, and no size more than 10 % below the first.
 */
import { Queue, Worker } from "bullmq";
import { keys } from "../src/infra/keys";
import { redisOptionsFromUrl } from "../src/infra/redis";
import { percentile, poolBlueprint, startBenchServer } from "./harness";

const sizes = (process.argv[2] ?? "10000,50000,100000").split(",").map(Number);
const agents = Number(process.argv[3] ?? 4);
const concurrency = Number(process.argv[4] ?? 50);

interface Figures {
  size: number;
  myzel: number;
  raw: number;
  submitP99Ms: number;
  peakRssMb: number;
  heals: number;
  leaderChanges: number;
}

const bench = await startBenchServer("throughput", { MYZEL_TASK_TIMEOUT_MS: "600000" });
const { client, server } = bench;
const rows: Figures[] = [];
try {
  await client.blueprints.upload.mutate({ yaml: poolBlueprint("bench-throughput", { workers: agents, concurrency }) });
  for (const size of sizes) {
    const created = await client.clusters.create.mutate({
      blueprintId: "bench-throughput",
      name: `throughput-${size}`,
      targetWorkers: agents + 1,
    });
    await client.clusters.wait.query({ id: created.id, status: "ACTIVE", timeoutMs: 60_000 });
    const epochBefore = Number((await server.deps.redis.get(keys.leaderEpoch)) ?? 0);
    const healsBefore = await server.deps.db.healingEvent.count({
      where: { kind: { in: ["redis_down", "database_down"] } },
    });
    const myzel = await measureMyzel(created.id, size);
    const heals =
      (await server.deps.db.healingEvent.count({
        where: { kind: { in: ["redis_down", "database_down"] } },
      })) - healsBefore;
    const leaderChanges = Number((await server.deps.redis.get(keys.leaderEpoch)) ?? 0) - epochBefore;
    const raw = await measureRawBullmq(server.infrastructure.redisUrl, size);
    rows.push({
      size,
      myzel: myzel.rate,
      raw,
      submitP99Ms: myzel.submitP99Ms,
      peakRssMb: myzel.peakRssMb,
      heals,
      leaderChanges,
    });
    console.log(
      `${size} tasks: Myzel ${myzel.rate.toFixed(0)} tasks/s, raw BullMQ ${raw.toFixed(0)} jobs/s → ${((myzel.rate / raw) * 100).toFixed(0)} %; ` +
        `submit p99 ${myzel.submitP99Ms.toFixed(0)} ms (1,000 per call); server peak RSS ${myzel.peakRssMb.toFixed(0)} MB; infrastructure heals ${heals}, leader changes ${leaderChanges}`,
    );
    await client.clusters.delete.mutate({ id: created.id });
  }
  const first = rows[0]!;
  console.log(`\n${agents} agents × concurrency ${concurrency}, builtin echo, submit → result recorded in PostgreSQL`);
  console.log("size      Myzel/s   raw/s   ratio  vs first  submit p99  peak RSS");
  for (const r of rows) {
    const ratio = r.myzel / r.raw;
    const vsFirst = ratio / (first.myzel / first.raw) - 1;
    console.log(
      `${String(r.size).padEnd(9)} ${r.myzel.toFixed(0).padStart(7)} ${r.raw.toFixed(0).padStart(7)} ${`${(ratio * 100).toFixed(0)} %`.padStart(6)} ${`${vsFirst >= 0 ? "+" : ""}${(vsFirst * 100).toFixed(0)} %`.padStart(9)} ${`${r.submitP99Ms.toFixed(0)} ms`.padStart(11)} ${`${r.peakRssMb.toFixed(0)} MB`.padStart(9)}`,
    );
  }
  console.log("goals: ratio ≥ 50 % at every size; no size more than 10 % below the first; 0 heals, 0 leader changes");
} finally {
  await bench.stop();
}

async function measureMyzel(clusterId: string, total: number) {
  const db = server.deps.db;
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const latencies: number[] = [];
  const started = performance.now();
  // Eight callers submitting batches of 1,000 one after another, as a few busy producers would
  // (all at once would be one HTTP request over the body limit: the client batches calls).
  let next = 0;
  const producer = async () => {
    for (let sent = next; sent < total; sent = next) {
      next += 1000;
      const size = Math.min(1000, total - sent);
      const at = performance.now();
      await client.tasks.submitMany.mutate({
        id: clusterId,
        tasks: Array.from({ length: size }, (_, i) => ({ role: "worker", payload: sent + i })),
      });
      latencies.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: 8 }, producer));
  const submittedMs = performance.now() - started;
  // Finished when PostgreSQL holds every result: counted four times a second, since a count over
  // a hundred thousand rows is work the database would otherwise take from what is measured.
  for (;;) {
    const done = await db.task.count({ where: { clusterId, status: "SUCCEEDED" } });
    if (done >= total) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(rssTimer);
  console.log(
    `  (all ${total} accepted after ${(submittedMs / 1000).toFixed(2)} s, all recorded after ${seconds.toFixed(2)} s)`,
  );
  return { rate: total / seconds, submitP99Ms: percentile(latencies, 99) ?? 0, peakRssMb: peakRss / 1048576 };
}

async function measureRawBullmq(redisUrl: string, total: number): Promise<number> {
  const connection = redisOptionsFromUrl(redisUrl);
  const queue = new Queue("bench-raw", { connection, prefix: "bench" });
  await queue.obliterate({ force: true }).catch(() => {});
  let processed = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const worker = new Worker(
    "bench-raw",
    async () => {
      if (++processed === total) finish();
    },
    { connection, prefix: "bench", concurrency: 50, removeOnComplete: { count: 0 } },
  );
  for (let sent = 0; sent < total; sent += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, total - sent) }, (_, i) => ({
        name: "noop",
        data: { i: sent + i },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await done;
  const rate = total / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  return rate;
}
