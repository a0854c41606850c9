/**
 * End-to-end throughput: tasks per second from submit (typed client over HTTP, batches of
 * 1,000) until every result is recorded in PostgreSQL, builtin echo runtime — against raw
 * BullMQ (addBulk + one Worker at concurrency 50, no-op) on the same Redis in the same run.
 *
 *   npx tsx bench/throughput.ts [tasks=20000] [agents=4] [concurrency=50]
 */
import { Queue, Worker } from "bullmq";
import { redisOptionsFromUrl } from "../src/infra/redis";
import { poolBlueprint, startBenchServer } from "./harness";

const total = Number(process.argv[2] ?? 20_000);
const agents = Number(process.argv[3] ?? 4);
const concurrency = Number(process.argv[4] ?? 50);

const bench = await startBenchServer("throughput", { MYZEL_TASK_TIMEOUT_MS: "600000" });
const { client, server } = bench;
try {
  await client.blueprints.upload.mutate({ yaml: poolBlueprint("bench-throughput", { workers: agents, concurrency }) });
  const created = await client.clusters.create.mutate({ blueprintId: "bench-throughput", name: "throughput", targetWorkers: agents + 1 });
  await client.clusters.wait.query({ id: created.id, status: "ACTIVE", timeoutMs: 60_000 });

  const myzelRate = await measureMyzel(created.id);
  const rawRate = await measureRawBullmq(server.infrastructure.redisUrl);
  console.log(`Myzel end to end: ${myzelRate.toFixed(0)} tasks/s (${total} tasks, ${agents} agents × concurrency ${concurrency}, submit → result recorded in PostgreSQL)`);
  console.log(`raw BullMQ, same Redis: ${rawRate.toFixed(0)} jobs/s (addBulk + Worker concurrency 50, no-op)`);
  console.log(`ratio: ${((myzelRate / rawRate) * 100).toFixed(0)} % of raw BullMQ (goal ≥ 50 %)`);
} finally {
  await bench.stop();
}

async function measureMyzel(clusterId: string): Promise<number> {
  const db = server.deps.db;
  const started = performance.now();
  const batches: Promise<unknown>[] = [];
  for (let sent = 0; sent < total; sent += 1000) {
    const size = Math.min(1000, total - sent);
    batches.push(client.tasks.submitMany.mutate({ id: clusterId, tasks: Array.from({ length: size }, (_, i) => ({ role: "worker", payload: sent + i })) }));
  }
  await Promise.all(batches);
  const submittedMs = performance.now() - started;
  // Finished when PostgreSQL holds every result.
  for (;;) {
    const done = await db.task.count({ where: { clusterId, status: "SUCCEEDED" } });
    if (done >= total) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`  (all ${total} accepted after ${(submittedMs / 1000).toFixed(2)} s, all recorded after ${seconds.toFixed(2)} s)`);
  return total / seconds;
}

async function measureRawBullmq(redisUrl: string): Promise<number> {
  const connection = redisOptionsFromUrl(redisUrl);
  const queue = new Queue("bench-raw", { connection, prefix: "bench" });
  await queue.obliterate({ force: true }).catch(() => {});
  let processed = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const worker = new Worker("bench-raw", async () => {
    if (++processed === total) finish();
  }, { connection, prefix: "bench", concurrency: 50, removeOnComplete: { count: 0 } });
  for (let sent = 0; sent < total; sent += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, total - sent) }, (_, i) => ({ name: "noop", data: { i: sent + i }, opts: { removeOnComplete: true } })));
  }
  await done;
  const rate = total / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  return rate;
}
