/**
 * Live tool sessions, side by side with their peer measured in the same run:
 *   1. prompt → answer with python3 kept running (session mode) vs a python3 process per task,
 *      same prompts, same machine: median latency of each and their ratio;
 *   2. 100 sessions of bc over a 5-agent pool: memory per idle session (the tool process's RSS
 *      and PSS) against an idle agent's, and cross-talk under concurrent prompts (must be 0).
 *
 *   npx tsx bench/sessions.ts [prompts=30] [sessions=100]
 */
import { median, memoryOf, poolBlueprint, startBenchServer } from "./harness";

const prompts = Number(process.argv[2] ?? 30);
const sessionCount = Number(process.argv[3] ?? 100);
const bench = await startBenchServer("sessions");
const { client } = bench;

async function cluster(id: string, workers: number, runtime: string) {
  await client.blueprints.upload.mutate({
    yaml: poolBlueprint(id, { workers, runtime, routing: "sticky", concurrency: 4 }),
  });
  const created = await client.clusters.create.mutate({ blueprintId: id, name: id, targetWorkers: workers + 1 });
  return client.clusters.wait.query({ id: created.id, status: "ACTIVE", timeoutMs: 60_000 });
}

async function latencies(clusterId: string, sessionKey?: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < prompts; i++) {
    const started = performance.now();
    const task = await client.tasks.submit.mutate({
      id: clusterId,
      role: "worker",
      payload: `print(6 * ${i})`,
      sessionKey,
      waitMs: 60_000,
    });
    if (task.status !== "SUCCEEDED" || (task.result as { stdout: string }).stdout.trim() !== String(6 * i))
      throw new Error(`unexpected answer: ${JSON.stringify(task)}`);
    times.push(performance.now() - started);
  }
  return times;
}

try {
  const live = await cluster(
    "bench-python-session",
    1,
    "{ type: command, argv: [python3, -i, -q], mode: session, session: { preset: python } }",
  );
  const perTask = await cluster("bench-python-task", 1, "{ type: command, argv: [python3, -q, '-'] }");
  await latencies(live.id, "warm"); // the session's tool starts with its first prompt: not what is compared
  const sessionMs = median(await latencies(live.id, "warm"));
  const processMs = median(await latencies(perTask.id));
  console.log(
    `python3 prompt → answer, median of ${prompts}: live session ${sessionMs.toFixed(1)} ms, process per task ${processMs.toFixed(1)} ms: the session is ${(processMs / sessionMs).toFixed(1)}× faster`,
  );
  await client.clusters.delete.mutate({ id: live.id });
  await client.clusters.delete.mutate({ id: perTask.id });

  const pool = await cluster(
    "bench-bc-sessions",
    5,
    "{ type: command, argv: [bc, -q], mode: session, session: { preset: bc, max_sessions: 100 } }",
  );
  const keys = Array.from({ length: sessionCount }, (_, i) => `s${i}`);
  const started = performance.now();
  const answers = await Promise.all(
    keys.map(async (key, i) => {
      await client.tasks.submit.mutate({
        id: pool.id,
        role: "worker",
        payload: `x=${1000 + i}`,
        sessionKey: key,
        waitMs: 60_000,
      });
      const read = await client.tasks.submit.mutate({
        id: pool.id,
        role: "worker",
        payload: "x",
        sessionKey: key,
        waitMs: 60_000,
      });
      return (read.result as { stdout?: string } | undefined)?.stdout === String(1000 + i);
    }),
  );
  const roundMs = performance.now() - started;
  const crossTalk = answers.filter((ok) => !ok).length;
  // Heartbeats carry the sessions: wait for every one to be reported.
  let live100 = (await client.sessions.list.query({ id: pool.id })).flatMap((s) => s.live);
  for (let i = 0; i < 100 && live100.length < sessionCount; i++) {
    await new Promise((r) => setTimeout(r, 100));
    live100 = (await client.sessions.list.query({ id: pool.id })).flatMap((s) => s.live);
  }
  const tools = live100.filter((l) => l.pid).map((l) => memoryOf(l.pid!));
  const agents = (await client.agents.list.query({ id: pool.id }))
    .filter((a) => a.role === "worker")
    .map((a) => memoryOf(a.pid!));
  console.log(
    `${sessionCount} bc sessions over ${agents.length} agents (${new Set(live100.map((l) => l.agentId)).size} used), ${sessionCount * 2} prompts at once in ${(roundMs / 1000).toFixed(2)} s: cross-talk ${crossTalk} of ${sessionCount}`,
  );
  console.log(
    `memory per idle session (its tool process): RSS median ${median(tools.map((t) => t.rssMb)).toFixed(2)} MB, PSS median ${median(tools.map((t) => t.pssMb)).toFixed(2)} MB; an idle agent process: RSS median ${median(agents.map((a) => a.rssMb)).toFixed(1)} MB — a session costs ${(median(agents.map((a) => a.pssMb)) / median(tools.map((t) => t.pssMb))).toFixed(0)}× less than an agent (PSS)`,
  );
} finally {
  await bench.stop();
}
