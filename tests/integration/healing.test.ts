/** Self-healing of agents against real processes: crash, hang, crash loop, in-flight work. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { crashLoop, pool, replaced, worker } from "./healing-helpers";
import { client, deleteCreatedClusters, rest, track, uniqueName, uploadBlueprint } from "./helpers";

afterEach(deleteCreatedClusters);

describe("agent self-healing", () => {
  it("kill -9 on an agent: replaced at once, recorded in the healing history with its timing", async () => {
    const cluster = await pool(2);
    const before = await worker(cluster.id);
    process.kill(before.pid!, "SIGKILL");
    const after = await replaced(cluster.id, before.pid!);
    expect(isAlive(after.pid!)).toBe(true);
    expect(after.restartCount).toBe(1);
    await expect
      .poll(async () => (await rest(`/api/healing-history?agentId=${before.id}`)).body.items[0]?.outcome, {
        timeout: 10_000,
      })
      .toBe("ok");
    const [entry] = (await rest(`/api/healing-history?agentId=${before.id}`)).body.items;
    expect(entry).toMatchObject({
      kind: "agent_crashed",
      actor: "auto",
      subject: "agent worker-1",
      action: "restart now",
    });
    expect(entry.detail).toContain("SIGKILL");
    expect(entry.durationMs).toBeGreaterThan(0);
    const task = await client().tasks.submit.mutate({ id: cluster.id, agentId: after.id, waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
  });

  it("the task a killed agent was running is finished by another, its attempts counted", async () => {
    const cluster = await pool(2, "{ type: builtin, behaviour: sleep, sleep_ms: 1500 }");
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker" });
    const holder = (await client().agents.list.query({ id: cluster.id })).find((a) => a.id === task.agentId)!;
    await expect
      .poll(
        async () =>
          (await client().agents.metrics.query({ id: cluster.id })).perAgent.find((a) => a.agentId === holder.id)
            ?.activeTasks,
        { timeout: 5000 },
      )
      .toBe(1);
    process.kill(holder.pid!, "SIGKILL");
    const done = await client().tasks.wait.query({ id: task.id, timeoutMs: 15_000 });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.attempts).toBe(2);
    expect(done.duplicateRuns).toBe(0);
    const entries = (await rest(`/api/healing-history?agentId=${holder.id}`)).body.items;
    expect(entries[0].detail).toContain("1 queued or running tasks routed to other agents");
  });

  it("a hung agent (SIGSTOP) is noticed by its missing heartbeat, killed and replaced", async () => {
    const cluster = await pool(1);
    const before = await worker(cluster.id);
    process.kill(before.pid!, "SIGSTOP");
    const after = await replaced(cluster.id, before.pid!);
    expect(isAlive(before.pid!)).toBe(false);
    const entries = (await rest(`/api/healing-history?agentId=${before.id}&kind=agent_hung`)).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0].detail).toContain("no heartbeat");
    expect(after.restartCount).toBe(1);
  });

  it("a crash-looping agent backs off and opens its circuit instead of restarting in a storm, then recovers", async () => {
    const cluster = await pool(2);
    const agent = await crashLoop(cluster.id);
    const held = await worker(cluster.id);
    expect(held.status).toBe("FAILED");
    expect(held.pid).toBeNull();
    // Routing skips it: every task goes to the other worker.
    const tasks = await Promise.all(
      [1, 2, 3].map(() => client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 })),
    );
    expect(new Set(tasks.map((t) => t.agentId))).toEqual(new Set([(await worker(cluster.id, "worker-2")).id]));
    const opened = (await rest(`/api/healing-history?agentId=${held.id}&kind=circuit_opened`)).body.items;
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ severity: "critical", outcome: "held" });
    // After the cool-down one trial restart; stable long enough, the circuit closes.
    await replaced(cluster.id, agent.pid!);
    await expect.poll(async () => (await worker(cluster.id)).circuit, { timeout: 10_000 }).toBe("closed");
    expect((await rest(`/api/healing-history?agentId=${held.id}&kind=circuit_closed`)).body.items).toHaveLength(1);
  });
});

describe("healing a cluster by hand", () => {
  it("a dry run names the open breaker; the heal resets it and restarts the agent, on record with who asked", async () => {
    const cluster = await pool(2);
    const last = await crashLoop(cluster.id);
    const dry = await rest("/api/heal", { method: "POST", json: { clusterId: cluster.id, dryRun: true } });
    expect(dry.status).toBe(200);
    const finding = dry.body.findings.find((f: { kind: string }) => f.kind === "circuit_open");
    expect(finding.detail).toContain("worker-1 (open)");
    expect(finding.results).toEqual([expect.objectContaining({ action: "reset_circuit", outcome: "planned" })]);

    const healed = await client().healing.heal.mutate({ clusterId: cluster.id });
    expect(healed.findings.find((f) => f.kind === "circuit_open")!.results[0]).toMatchObject({ outcome: "ok" });
    const back = await replaced(cluster.id, last.pid!);
    expect(back.circuit).toBe("closed");
    const [entry] = (await rest(`/api/healing-history?clusterId=${cluster.id}&kind=manual_heal`)).body.items;
    expect(entry).toMatchObject({ actor: "integration tests", outcome: "ok" });
    expect(entry.action).toContain("reset the circuit breaker of 1 agents");
    // Healthy again: the same check finds nothing.
    await expect
      .poll(async () => (await client().healing.heal.mutate({ clusterId: cluster.id, dryRun: true })).findings, {
        timeout: 10_000,
      })
      .toEqual([]);
  });
});

describe("memory limits", () => {
  it("drains and restarts an agent whose resident memory passes its limit, on record", async () => {
    const id = uniqueName("hungry");
    await uploadBlueprint(`metadata: { id: ${id}, name: Hungry, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 3 }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, reports_to: supervisor, limits: { memory_mb: 32 } }
`);
    const cluster = await client().clusters.create.mutate({ blueprintId: id, name: uniqueName("hungry") });
    track(cluster.id);
    const agentId = (await client().agents.list.query({ id: cluster.id })).find((a) => a.role === "worker")!.id;
    await expect
      .poll(async () => (await rest(`/api/healing-history?agentId=${agentId}`)).body.items.length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const entries = (await rest(`/api/healing-history?agentId=${agentId}`)).body.items;
    expect(entries.at(-1).detail).toMatch(/over its memory limit \(\d+ MB resident, limit 32 MB\)/);
  });
});

describe("infrastructure healing", () => {
  it("restarts a managed redis-server that died, reconnects everything, and keeps taking tasks", async () => {
    const cluster = await pool(1);
    const pid = Number(readFileSync(path.join(inject("dataDir"), "redis/redis.pid"), "utf8"));
    process.kill(pid, "SIGKILL");
    await expect
      .poll(async () => (await rest("/api/healing-history?kind=redis_down")).body.items[0]?.outcome, {
        timeout: 15_000,
      })
      .toBe("ok");
    const [entry] = (await rest("/api/healing-history?kind=redis_down")).body.items;
    expect(entry.action).toContain("restarted the managed redis-server");
    expect(entry.durationMs).toBeGreaterThan(0);
    expect((await rest("/health")).body.redis.status).toBe("up");
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 15_000 });
    expect(task.status).toBe("SUCCEEDED");
  });

  it("the heal operation runs every check; a dry run says what it would do and records nothing", async () => {
    const before = (await rest("/api/healing-history?kind=manual_heal")).body.total;
    const dry = await rest("/api/heal", { method: "POST", json: { dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, sample: { redisUp: true, databaseUp: true, redisManaged: true } });
    expect(
      dry.body.findings
        .flatMap((f: { results: Array<{ outcome: string }> }) => f.results.map((r) => r.outcome))
        .every((o: string) => o === "planned"),
    ).toBe(true);
    expect((await rest("/api/healing-history?kind=manual_heal")).body.total).toBe(before);

    const real = await client().healing.heal.mutate({ dryRun: false });
    expect(real.dryRun).toBe(false);
    const [entry] = (await rest("/api/healing-history?kind=manual_heal")).body.items;
    // Recorded with who asked: the admin token the tests call with.
    expect(entry).toMatchObject({ actor: "integration tests", outcome: "ok" });
    expect((await rest("/api/healing-history?kind=manual_heal")).body.total).toBe(before + 1);
  });
});
