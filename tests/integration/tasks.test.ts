import { execFileSync } from "node:child_process";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { activeCluster, client, deleteCreatedClusters, rest, uniqueName, uploadBlueprint } from "./helpers";
import { bullConnection, pool } from "./pool-helpers";

let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject("redisUrl"));
});
afterAll(() => redis.disconnect());
afterEach(deleteCreatedClusters);

describe("agent-foundry: live agents and tasks", () => {
  it("runs its six agents as processes with heartbeats, answers tasks, and delegates from the supervisor", async () => {
    const cluster = await activeCluster({ blueprintId: "agent-foundry-v1" });
    const agents = await client().agents.list.query({ id: cluster.id });
    expect(agents.map((a) => a.role).sort()).toEqual([
      "architect",
      "coder",
      "critic",
      "deployer",
      "executor",
      "foundry",
    ]);
    const ps = execFileSync("ps", ["-o", "pid=,args=", "-p", agents.map((a) => a.pid).join(",")], { encoding: "utf8" });
    expect(ps.trim().split("\n")).toHaveLength(6);
    // The runner's own build, or (for agents of another OS user) its shared copy.
    expect(ps).toMatch(/agent(-[0-9a-f]+)?\.cjs/);
    const beats = await redis.mget(agents.map((a) => `myzel:agent:${a.id}:heartbeat`));
    expect(beats.every((b) => b && JSON.parse(b).pid > 0)).toBe(true);
    expect(await redis.pttl(`myzel:agent:${agents[0]!.id}:heartbeat`)).toBeGreaterThan(0);

    const byRest = await rest(`/api/clusters/${cluster.id}/tasks`, {
      method: "POST",
      json: { role: "coder", payload: { prompt: "write a parser" }, waitMs: 10_000 },
    });
    expect(byRest.status).toBe(201);
    expect(byRest.body).toMatchObject({ status: "SUCCEEDED", attempts: 1, target: { kind: "role", value: "coder" } });
    expect(byRest.body.result).toMatchObject({ agent: "coder-1", echo: { prompt: "write a parser" } });
    expect(byRest.body.agentId).toBe(agents.find((a) => a.role === "coder")!.id);

    const delegated = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "foundry",
      payload: "ship it",
      waitMs: 15_000,
    });
    expect(delegated.status).toBe("SUCCEEDED");
    const result = delegated.result as { delegatedTo: number; subtasks: Array<{ result: { agent: string } }> };
    expect(result.delegatedTo).toBe(5);
    expect(result.subtasks.map((s) => s.result.agent).sort()).toEqual([
      "architect-1",
      "coder-1",
      "critic-1",
      "deployer-1",
      "executor-1",
    ]);
    const subtasks = await client().tasks.list.query({ rootTaskId: delegated.id });
    expect(
      subtasks.items.filter((t) => t.parentTaskId === delegated.id).map((t) => `${t.depth}:${t.status}:${t.source}`),
    ).toEqual(Array(5).fill("1:SUCCEEDED:delegation"));

    const cached = JSON.parse((await redis.get(`myzel:task:${delegated.id}:result`))!);
    expect(cached.status).toBe("SUCCEEDED");
    const ttl = await redis.ttl(`myzel:task:${delegated.id}:result`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});

describe("routing", () => {
  it("round-robin gives 9 tasks over 3 agents 3 each", async () => {
    const cluster = await pool({ workers: 3 });
    const { taskIds } = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 9 }, (_, i) => ({ role: "worker", payload: i })),
    });
    const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 10_000 })));
    expect(done.every((t) => t.status === "SUCCEEDED")).toBe(true);
    const counts = new Map<string, number>();
    for (const t of done) counts.set(t.agentId!, (counts.get(t.agentId!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });

  it("sticky keeps a session on its agent", async () => {
    const cluster = await pool({ workers: 4, routing: "sticky" });
    const specs = ["alice", "bob", "alice", "carol", "alice", "bob"].map((sessionKey) => ({
      role: "worker",
      sessionKey,
      payload: sessionKey,
    }));
    const { taskIds } = await client().tasks.submitMany.mutate({ id: cluster.id, tasks: specs });
    const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 10_000 })));
    const agentOf = (key: string) => new Set(done.filter((t) => t.sessionKey === key).map((t) => t.agentId));
    expect(agentOf("alice").size).toBe(1);
    expect(agentOf("bob").size).toBe(1);
  });

  it("refuses a task to a role or capability the cluster does not have, recording nothing", async () => {
    const cluster = await pool({ workers: 1 });
    const before = (await client().tasks.list.query({ clusterId: cluster.id })).total;
    const role = await rest(`/api/clusters/${cluster.id}/tasks`, { method: "POST", json: { role: "janitor" } });
    expect(role.status).toBe(422);
    expect(role.body.detail).toContain('no role "janitor"');
    const both = await rest(`/api/clusters/${cluster.id}/tasks`, {
      method: "POST",
      json: { role: "worker", capability: "work" },
    });
    expect(both.status).toBe(400);
    expect((await client().tasks.list.query({ clusterId: cluster.id })).total).toBe(before);
  });
});

describe("retries, timeouts, cancellation", () => {
  it("retries a failing task with backoff, then fails it with the reason and every attempt counted", async () => {
    const cluster = await pool({ workers: 2, runtime: "{ type: builtin, behaviour: fail }" });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", maxAttempts: 3, waitMs: 15_000 });
    expect(task.status).toBe("FAILED");
    expect(task.attempts).toBe(3);
    expect(task.error).toContain("failed the task on purpose");
  });

  it("fails a task that runs past its timeout", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 30000 }" });
    const task = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "worker",
      timeoutMs: 300,
      maxAttempts: 1,
      waitMs: 10_000,
    });
    expect(task.status).toBe("FAILED");
    expect(task.error).toBe("timed out after 300 ms");
  });

  it("cancels a running task; the agent is free again", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 30000 }" });
    const long = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "long" });
    await expect
      .poll(async () => JSON.parse((await redis.get(`myzel:agent:${long.agentId}:heartbeat`))!).active, {
        timeout: 10_000,
      })
      .toBe(1);
    const cancelled = await client().tasks.cancel.mutate({ id: long.id });
    expect(cancelled.status).toBe("CANCELLED");
    await expect
      .poll(async () => JSON.parse((await redis.get(`myzel:agent:${long.agentId}:heartbeat`))!).active, {
        timeout: 10_000,
      })
      .toBe(0);
    const again = await rest(`/api/tasks/${long.id}/cancel`, { method: "POST", json: {} });
    expect(again.status).toBe(409);
  });
});

describe("control queue", () => {
  it("runs spawn_agent and health_check", async () => {
    const cluster = await pool({ workers: 1 });
    const queue = new Queue(`control.${cluster.id}`, { connection: bullConnection(), prefix: "myzel" });
    const events = new QueueEvents(`control.${cluster.id}`, { connection: bullConnection(), prefix: "myzel" });
    try {
      const spawned = (await (
        await queue.add("spawn_agent", { agent_def: { role: "worker", name: "Extra" } })
      ).waitUntilFinished(events, 10_000)) as { agentId: string };
      await expect
        .poll(
          async () =>
            (await client().agents.list.query({ id: cluster.id })).find((a) => a.id === spawned.agentId)?.status,
          { timeout: 10_000 },
        )
        .toBe("IDLE");
      const health = (await (await queue.add("health_check", {})).waitUntilFinished(events, 10_000)) as {
        agents: number;
        alive: number;
        healthy: boolean;
      };
      expect(health).toMatchObject({ agents: 3, alive: 3, healthy: true });
    } finally {
      await events.close();
      await queue.close();
    }
  });
});

describe("delegation guards", () => {
  it("fails a task whose delegation would exceed the budget of subtasks, saying so", { timeout: 90_000 }, async () => {
    const id = uniqueName("wide");
    await uploadBlueprint(`metadata: { id: ${id}, name: Wide, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 40 }
agents:
  - { role: supervisor, name: Boss, concurrency: 4, runtime: { type: builtin, behaviour: delegate } }
  - { role: worker, name: Worker, count: 22, reports_to: supervisor }
`);
    // 23 agent processes: more than the usual bound allows for on a loaded machine.
    const cluster = await activeCluster({ blueprintId: id }, 60_000);
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "supervisor", waitMs: 20_000 });
    expect(task.status).toBe("FAILED");
    expect(task.error).toContain("budget of 20 subtasks");
  });

  it("fails delegation deeper than the limit", async () => {
    const id = uniqueName("deep");
    const levels = ["l1", "l2", "l3", "l4", "l5"];
    await uploadBlueprint(`metadata: { id: ${id}, name: Deep, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10 }
agents:
  - { role: supervisor, name: Boss, runtime: { type: builtin, behaviour: delegate } }
${levels.map((l, i) => `  - { role: ${l}, name: ${l}, tier: lead, reports_to: ${i === 0 ? "supervisor" : levels[i - 1]}, runtime: { type: builtin, behaviour: ${i === levels.length - 1 ? "echo" : "delegate"} } }`).join("\n")}
`);
    const cluster = await activeCluster({ blueprintId: id });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "supervisor", waitMs: 20_000 });
    expect(task.status).toBe("FAILED");
    expect(task.error).toContain("delegation deeper than 4 levels");
  });
});
