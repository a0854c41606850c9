/**
 * Self-healing timings with the default settings: agent killed with SIGKILL → replacement
 * ready (from the healing history), an in-flight task of a killed agent → finished elsewhere;
 * then with a CPU hog on every core: a hung agent (SIGSTOP) → detected, a killed redis-server
 * → answering and healed, and the false alarms (restarts of Redis, agents judged hung) during
 * a burst of tasks.
 *
 *   npx tsx bench/healing.ts [kills=5] [burst=20000]
 */
import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import { Redis } from "ioredis";
import type { HealingKind } from "../src/domain/healing/vocabulary";
import { median, poolBlueprint, startBenchServer, until } from "./harness";

const kills = Number(process.argv[2] ?? 5);
const burst = Number(process.argv[3] ?? 20_000);
const bench = await startBenchServer("healing", { MYZEL_TASK_TIMEOUT_MS: "600000" });
const { client, server } = bench;
const agentsOf = async (id: string) => (await client.agents.list.query({ id })).filter((a) => a.role === "worker");
const history = (kind: HealingKind, since: Date) =>
  server.deps.db.healingEvent.findMany({ where: { kind, at: { gte: since } }, orderBy: { at: "asc" } });
let hogs: ChildProcess[] = [];

try {
  await client.blueprints.upload.mutate({ yaml: poolBlueprint("bench-healing", { workers: kills, concurrency: 50 }) });
  const cluster = await client.clusters.create.mutate({
    blueprintId: "bench-healing",
    name: "healing",
    targetWorkers: kills + 1,
  });
  await client.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 60_000 });

  // 1. kill -9 each worker once (different agents, so no backoff applies): detection → ready.
  for (const agent of await agentsOf(cluster.id)) {
    process.kill(agent.pid!, "SIGKILL");
    await until(async () =>
      (await client.agents.list.query({ id: cluster.id })).some(
        (a) => a.id === agent.id && a.status === "IDLE" && a.pid !== agent.pid,
      ),
    );
  }
  await until(
    async () =>
      (await client.healing.history.query({ clusterId: cluster.id, kind: "agent_crashed", limit: 200 })).items.filter(
        (e) => e.outcome === "ok",
      ).length >= kills,
  );
  const restarts = (
    await client.healing.history.query({ clusterId: cluster.id, kind: "agent_crashed", limit: 200 })
  ).items.map((e) => e.durationMs!);

  // 2. A task in flight on a killed agent: time from the kill to its result recorded elsewhere.
  await client.blueprints.upload.mutate({
    yaml: poolBlueprint("bench-inflight", {
      workers: 2,
      runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 200 }",
    }),
  });
  const slow = await client.clusters.create.mutate({
    blueprintId: "bench-inflight",
    name: "inflight",
    targetWorkers: 3,
  });
  await client.clusters.wait.query({ id: slow.id, status: "ACTIVE", timeoutMs: 60_000 });
  const inflight: number[] = [];
  for (let i = 0; i < 3; i++) {
    const task = await client.tasks.submit.mutate({ id: slow.id, role: "worker" });
    const holder = (await client.agents.list.query({ id: slow.id })).find((a) => a.id === task.agentId)!;
    await new Promise((r) => setTimeout(r, 50));
    const killedAt = performance.now();
    process.kill(holder.pid!, "SIGKILL");
    const done = await client.tasks.wait.query({ id: task.id, timeoutMs: 30_000 });
    if (done.status !== "SUCCEEDED") throw new Error(`task ${done.status}`);
    inflight.push(performance.now() - killedAt);
    await until(async () => (await agentsOf(slow.id)).every((a) => a.status === "IDLE"));
  }
  await client.clusters.delete.mutate({ id: slow.id });

  // From here on, a busy loop on every core beside Myzel.
  hogs = Array.from({ length: os.availableParallelism() }, () =>
    spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }),
  );

  // 3. Hung agents (SIGSTOP held): stop → detected (the healing entry) and → replacement ready.
  const hungDetect: number[] = [];
  const hungReady: number[] = [];
  for (const victim of (await agentsOf(cluster.id)).slice(0, 3)) {
    const stoppedAt = new Date();
    process.kill(victim.pid!, "SIGSTOP");
    await until(async () =>
      (await client.agents.list.query({ id: cluster.id })).some(
        (a) => a.id === victim.id && a.status === "IDLE" && a.pid !== victim.pid,
      ),
    );
    hungReady.push(Date.now() - stoppedAt.getTime());
    const [entry] = await server.deps.db.healingEvent.findMany({
      where: { kind: "agent_hung", agentId: victim.id, at: { gte: stoppedAt } },
    });
    hungDetect.push(entry!.at.getTime() - stoppedAt.getTime());
  }

  // 4. kill -9 of the managed redis-server: → a new one answers, → healed and recorded.
  const embedded = server.infrastructure.embeddedRedis!;
  const redisBack: number[] = [];
  const redisHealed: number[] = [];
  for (let i = 0; i < 3; i++) {
    const pid = embedded.pid()!;
    const killedAt = new Date();
    process.kill(pid, "SIGKILL");
    await until(async () => {
      if (embedded.pid() === pid || !embedded.running()) return false;
      const probe = new Redis(server.infrastructure.redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on("error", () => {});
      const ok = await probe
        .connect()
        .then(() => probe.ping())
        .then(
          () => true,
          () => false,
        );
      probe.disconnect();
      return ok;
    });
    redisBack.push(Date.now() - killedAt.getTime());
    await until(async () => (await history("redis_down", killedAt)).some((e) => e.outcome === "ok"), 60_000);
    const [entry] = await history("redis_down", killedAt);
    redisHealed.push(entry!.finishedAt!.getTime() - killedAt.getTime());
    await client.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 60_000 });
    await until(async () => (await agentsOf(cluster.id)).every((a) => a.status === "IDLE"), 60_000);
  }

  // 5. A burst of tasks with the hogs still running: nothing healthy may be restarted or killed.
  const burstStart = new Date();
  const redisPid = embedded.pid();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.ceil(burst / 1000) }, (_, b) =>
      client.tasks.submitMany.mutate({
        id: cluster.id,
        tasks: Array.from({ length: Math.min(1000, burst - b * 1000) }, (_, i) => ({
          role: "worker",
          payload: b * 1000 + i,
        })),
      }),
    ),
  );
  await until(
    async () =>
      (await server.deps.db.task.count({
        where: { clusterId: cluster.id, status: "SUCCEEDED", createdAt: { gte: burstStart } },
      })) >= burst,
    600_000,
  );
  const burstSeconds = (performance.now() - started) / 1000;
  const falseRedis = (await history("redis_down", burstStart)).length;
  const slowReports = (await history("redis_slow", burstStart)).length;
  const falseHung = (await history("agent_hung", burstStart)).length;

  console.log(
    `agent killed (SIGKILL) → replacement ready: median ${median(restarts)} ms, max ${Math.max(...restarts)} ms over ${restarts.length} kills (concurrency 50: a fresh fork each, no warm spare)`,
  );
  console.log(
    `in-flight task of a killed agent → result recorded: median ${median(inflight).toFixed(0)} ms over ${inflight.length} (includes the 200 ms task run again)`,
  );
  console.log(`with a CPU hog on each of ${hogs.length} cores:`);
  console.log(
    `  hung agent (SIGSTOP) → detected: median ${median(hungDetect)} ms, max ${Math.max(...hungDetect)} ms; → replacement ready: median ${median(hungReady)} ms over ${hungDetect.length} (goal: detected ≤ 3 s)`,
  );
  console.log(
    `  redis-server killed (SIGKILL) → a new one answers: median ${median(redisBack)} ms, max ${Math.max(...redisBack)} ms; → healed and recorded: median ${median(redisHealed)} ms over ${redisBack.length} (goal ≤ 3 s)`,
  );
  console.log(
    `  ${burst} tasks in ${burstSeconds.toFixed(1)} s: ${falseRedis} Redis restarts (redis-server pid ${embedded.pid() === redisPid ? "unchanged" : "CHANGED"}), ${falseHung} agents judged hung, ${slowReports} "Redis slow" reports`,
  );
} finally {
  for (const hog of hogs) hog.kill("SIGKILL");
  await bench.stop();
}
