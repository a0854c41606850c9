/**
 * Shared memory: search latency over many documents against a plain ILIKE scan (the peer, in the
 * same run and database), put/get latency through the REST API, and 20 agents incrementing one
 * counter with compare-and-set retries (the final value must be exact).
 *
 *   npx tsx bench/memory.ts            # 100,000 documents
 *   MEMORY_BENCH_DOCS=1000000 npx tsx bench/memory.ts
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Prisma } from "../src/generated/prisma/client";
import { createToken } from "../src/services/api-tokens";
import { percentile, poolBlueprint, startBenchServer } from "./harness";

const DOCS = Number(process.env.MEMORY_BENCH_DOCS ?? 100_000);
const QUERIES = 200;
const CALLS = 1000;
const AGENTS = 20;
const INCREMENTS = 400;

// A vocabulary with a long tail, as real notes have: a few common words, many rare ones.
const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}x`);
const pick = () => words[Math.floor(words.length * Math.random() ** 2)]!;
const sentence = (n: number) => Array.from({ length: n }, pick).join(" ");

const { server, client, stop } = await startBenchServer("memory");
const db = server.deps.db;
const { token } = await createToken(db, { name: "memory bench", role: "ADMIN" }, null);
try {
  const ns = await client.memory.createNamespace.mutate({
    name: `bench-${randomUUID().slice(0, 8)}`,
    language: "simple",
  });
  const started = performance.now();
  for (let done = 0; done < DOCS; done += 2000) {
    const batch = Math.min(2000, DOCS - done);
    const titles = Array.from({ length: batch }, () => sentence(4));
    const texts = Array.from({ length: batch }, () => sentence(40));
    await db.$executeRaw`
      INSERT INTO memory_documents (id, namespace_id, language, title, text, tags, created_by)
      SELECT gen_random_uuid(), ${ns.id}::uuid, 'simple', t.title, t.text, '{}', 'bench'
      FROM unnest(${titles}::text[], ${texts}::text[]) AS t(title, text)`;
  }
  await db.$executeRaw`ANALYZE memory_documents`;
  console.log(
    `${DOCS.toLocaleString("en")} documents stored in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const queries = Array.from({ length: QUERIES }, () => `${pick()} ${pick()}`);
  const base = `${server.url}/api/memory/namespaces/${ns.id}`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const timed = async (run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    return performance.now() - t;
  };

  const api: number[] = [];
  for (const q of queries)
    api.push(
      await timed(async () => {
        const response = await fetch(`${base}/search?q=${encodeURIComponent(q)}&limit=10`, { headers });
        if (!response.ok) throw new Error(`search answered ${response.status}`);
        await response.json();
      }),
    );
  const ilike: number[] = [];
  for (const q of queries) {
    const [a, b] = q.split(" ");
    ilike.push(
      await timed(() =>
        db.$queryRaw(Prisma.sql`
          SELECT id FROM memory_documents WHERE namespace_id = ${ns.id}::uuid
            AND (text ILIKE ${`%${a}%`} OR text ILIKE ${`%${b}%`} OR title ILIKE ${`%${a}%`} OR title ILIKE ${`%${b}%`})
          LIMIT 10`),
      ),
    );
  }
  const p95 = (xs: number[]) => percentile(xs, 95);
  const row = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(44)} p50 ${percentile(xs, 50).toFixed(1).padStart(7)} ms   p95 ${p95(xs).toFixed(1).padStart(7)} ms`,
    );
  console.log(
    `\nsearch, ${QUERIES} two-word queries over ${DOCS.toLocaleString("en")} documents (load average ${os.loadavg()[0]!.toFixed(1)})`,
  );
  row("memory search via REST (full text + near words)", api);
  row("peer: ILIKE scan, first 10 (no ranking)", ilike);
  console.log(`ratio p95 search / ILIKE: ${(p95(api) / p95(ilike)).toFixed(2)}   goal: search p95 <= 50 ms`);

  const puts: number[] = [];
  const gets: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const key = `k${i % 100}`;
    puts.push(
      await timed(async () => {
        const r = await fetch(`${base}/values/${key}`, {
          method: "PUT",
          headers,
          body: JSON.stringify({ value: { i } }),
        });
        await r.arrayBuffer();
      }),
    );
    gets.push(
      await timed(async () => {
        const r = await fetch(`${base}/values/${key}`, { headers });
        await r.arrayBuffer();
      }),
    );
  }
  const system: number[] = [];
  for (let i = 0; i < CALLS; i++)
    system.push(
      await timed(async () => {
        const r = await fetch(`${server.url}/api/clusters?limit=1`, { headers });
        await r.arrayBuffer();
      }),
    );
  // The floor under every call: one query through the server's own database client.
  const roundTrip: number[] = [];
  for (let i = 0; i < CALLS; i++) roundTrip.push(await timed(() => db.$queryRaw`SELECT 1`));
  // What a write costs PostgreSQL before anything else: its commit waits for the WAL to reach the disk.
  const commit: number[] = [];
  for (let i = 0; i < CALLS; i++)
    commit.push(
      await timed(
        () =>
          db.$executeRaw`UPDATE memory_values SET updated_at = now() WHERE namespace_id = ${ns.id}::uuid AND key = 'k0'`,
      ),
    );
  console.log(`\nvalues through the REST API, ${CALLS} calls each (load average ${os.loadavg()[0]!.toFixed(1)})`);
  row("PUT value (token, write + audit: 2 commits; event)", puts);
  row("GET value (token, read)", gets);
  row("peer: GET /api/clusters?limit=1", system);
  row("peer: one database round trip", roundTrip);
  row("peer: one committed update", commit);
  console.log(
    `ratio p95 put / peer ${(p95(puts) / p95(system)).toFixed(2)}, get / peer ${(p95(gets) / p95(system)).toFixed(2)}; ` +
      `put / committed update ${(p95(puts) / p95(commit)).toFixed(1)}   goal: p95 <= 5 ms`,
  );

  const id = `memory-bench-${randomUUID().slice(0, 8)}`;
  await client.blueprints.upload.mutate({
    yaml: poolBlueprint(id, { workers: AGENTS, runtime: "{ type: builtin, behaviour: remember }" }),
  });
  const cluster = await client.clusters.create.mutate({ blueprintId: id, name: id, targetWorkers: AGENTS + 1 });
  await client.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 60_000 });
  const casStarted = performance.now();
  const { taskIds } = await client.tasks.submitMany.mutate({
    id: cluster.id,
    tasks: Array.from({ length: INCREMENTS }, () => ({ role: "worker", payload: { key: "counter", add: 1 } })),
  });
  let attempts = 0;
  for (const taskId of taskIds) {
    const task = await client.tasks.wait.query({ id: taskId, timeoutMs: 60_000 });
    if (task.status !== "SUCCEEDED") throw new Error(`increment ${taskId} ${task.status}: ${task.error}`);
    attempts += (task.result as { attempts: number }).attempts;
  }
  const seconds = (performance.now() - casStarted) / 1000;
  const namespaces = await client.memory.namespaces.query({ clusterId: cluster.id });
  const shared = namespaces.items.find((n) => n.name === "shared")!;
  const counter = await client.memory.getValue.query({ namespaceId: shared.id, key: "counter" });
  console.log(
    `\n${AGENTS} agents, ${INCREMENTS} compare-and-set increments of one counter: final value ${String(counter.value)} (expected ${INCREMENTS}: ${counter.value === INCREMENTS ? "exact" : "WRONG"}), ${attempts} attempts (${(attempts / INCREMENTS).toFixed(2)} a write), ${(INCREMENTS / seconds).toFixed(0)} increments/s`,
  );
  await client.clusters.delete.mutate({ id: cluster.id });
} finally {
  await stop();
}
