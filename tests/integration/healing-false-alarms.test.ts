/**
 * The healer is never the cause: a slow Redis, agents whose heartbeats cannot be written, and
 * an agent stopped for a moment are all alive and left alone; a killed redis-server and a
 * truly hung agent are still healed. Real processes, the shared test server.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { keys } from "../../src/infra/keys";
import { crashLoop, pool, replaced, worker } from "./healing-helpers";
import { client, deleteCreatedClusters, rest } from "./helpers";

afterEach(deleteCreatedClusters);

/** A connection of the test's own, as an operator's redis-cli would be. */
const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
afterAll(() => redis.quit());

const redisPid = () => Number(readFileSync(path.join(inject("dataDir"), "redis/redis.pid"), "utf8"));
const history = async (query: string) =>
  (await rest(`/api/healing-history?${query}`)).body as { total: number; items: Array<Record<string, any>> };

/** Resolves once each agent has written a heartbeat after `since` (Redis time of the agents' clocks: same host). */
async function freshHeartbeats(agentIds: string[], since: number) {
  await expect
    .poll(
      async () => {
        const beats = await redis.mget(agentIds.map((id) => keys.agentHeartbeat(id)));
        return beats.every((raw) => raw !== null && (JSON.parse(raw) as { at: number }).at > since);
      },
      { timeout: 10_000 },
    )
    .toBe(true);
}

describe("Redis: slow is reported, dead is restarted", () => {
  it("a paused Redis is reported slow with no restart; killed, it is restarted and recorded", async () => {
    const pid = redisPid();
    const downBefore = (await history("kind=redis_down")).total;
    const slowBefore = (await history("kind=redis_slow")).total;

    // Every client waits (ours too): the healer's checks go unanswered for five seconds.
    await redis.client("PAUSE", 5000, "ALL");
    await redis.ping(); // answered once the pause is over
    await expect.poll(async () => (await history("kind=redis_slow")).total, { timeout: 10_000 }).toBe(slowBefore + 1);
    const slow = (await history("kind=redis_slow")).items[0];
    expect(slow).toMatchObject({ severity: "warning", action: "reported", subject: "redis-server" });
    expect((await history("kind=redis_down")).total).toBe(downBefore);
    expect(redisPid()).toBe(pid);
    expect(isAlive(pid)).toBe(true);

    process.kill(pid, "SIGKILL");
    await expect
      .poll(
        async () =>
          (await history("kind=redis_down")).items[0]?.outcome === "ok" &&
          (await history("kind=redis_down")).total === downBefore + 1,
        { timeout: 15_000 },
      )
      .toBe(true);
    const down = (await history("kind=redis_down")).items[0]!;
    expect(down.detail).toContain("exited");
    expect(down.action).toContain("restarted the managed redis-server");
    expect(redisPid()).not.toBe(pid);
    expect((await rest("/health")).body.redis.status).toBe("up");
  });
});

describe("agents alive under load are not judged hung", () => {
  it("agents whose heartbeats Redis refuses for seconds (memory full) answer the runner and keep running", async () => {
    const cluster = await pool(2);
    const agents = (await client().agents.list.query({ id: cluster.id })).filter((a) => a.role === "worker");
    // Begin just after the runners renewed their own heartbeats: a runner that cannot renew its
    // heartbeat fences itself a beat before it could expire (3 s here), a different story.
    const beats = [...new Set(agents.map((a) => keys.nodeHeartbeat(a.nodeId!)))];
    await expect
      .poll(async () => Math.min(...(await Promise.all(beats.map((key) => redis.pttl(key))))), { interval: 20 })
      .toBeGreaterThan(3_700);
    // Redis refuses every write (noeviction, over maxmemory) but still answers reads: the
    // runner reads heartbeats that stopped, from agents that are perfectly alive.
    await redis.config("SET", "maxmemory", "1");
    try {
      await expect
        .poll(() =>
          redis.set("myzel:test:oom-probe", "1").then(
            () => false,
            (error: Error) => error.message.startsWith("OOM"),
          ),
        )
        .toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2200)); // longer than the hang limit (2 s)
    } finally {
      await redis.config("SET", "maxmemory", "0");
    }
    await freshHeartbeats(
      agents.map((a) => a.id),
      Date.now(),
    );
    for (const agent of agents) {
      expect((await worker(cluster.id, agent.key)).pid).toBe(agent.pid);
      expect(isAlive(agent.pid!)).toBe(true);
    }
    expect((await history(`clusterId=${cluster.id}&kind=agent_hung`)).total).toBe(0);
  });

  it("an agent stopped for less than the hang limit is left running; held stopped, it is killed and replaced", async () => {
    const cluster = await pool(1);
    const before = await worker(cluster.id);
    // Held for half the test server's hang limit (2 s): a starved process, not a hung one.
    process.kill(before.pid!, "SIGSTOP");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    process.kill(before.pid!, "SIGCONT");
    await freshHeartbeats([before.id], Date.now());
    expect((await worker(cluster.id)).pid).toBe(before.pid);
    expect((await history(`agentId=${before.id}&kind=agent_hung`)).total).toBe(0);

    process.kill(before.pid!, "SIGSTOP");
    await replaced(cluster.id, before.pid!);
    expect(isAlive(before.pid!)).toBe(false);
    expect((await history(`agentId=${before.id}&kind=agent_hung`)).total).toBe(1);
  });
});

describe("circuit breaker", () => {
  it("writes no circuit_closed for an agent whose cluster was deleted during its trial run", async () => {
    const cluster = await pool(2);
    const last = await crashLoop(cluster.id);
    const trial = await replaced(cluster.id, last.pid!); // the trial restart after the cool-down
    await client().clusters.delete.mutate({ id: cluster.id });
    await expect.poll(() => isAlive(trial.pid!), { timeout: 15_000 }).toBe(false);
    // No event marks a write that never happens: wait out the stable period (1.5 s here) and look.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await history(`agentId=${trial.id}&kind=circuit_closed`)).total).toBe(0);
  });
});
