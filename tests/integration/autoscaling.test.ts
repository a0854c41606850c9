/**
 * Organic growth against a server of its own with quick scaling settings: a burst grows a
 * cluster to its limit and back, an idle cluster hibernates and wakes on its next task, a
 * temporary cluster goes when its TTL has passed — every decision on record with its reason.
 */
import { readFileSync } from "node:fs";
import { setTimeout as pause } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MyzelClient } from "../../src/client";
import { startLocalMyzel } from "../support/local-myzel";
import { uniqueName } from "./helpers";

let local: Awaited<ReturnType<typeof startLocalMyzel>>;
let myzel: MyzelClient;

beforeAll(async () => {
  local = await startLocalMyzel("autoscaling", {
    MYZEL_METRICS_INTERVAL_MS: "250",
    MYZEL_AUTO_SCALE_INTERVAL: "1",
    MYZEL_IDLE_TIMEOUT: "6",
    MYZEL_HIBERNATION_TYPES: "department,project",
    MYZEL_LOG_LEVEL: "silent",
  });
  myzel = local.client;
}, 60_000);

afterAll(() => local?.stop());

async function blueprint(type: string, extra = "") {
  const id = uniqueName("grow");
  await myzel.blueprints.upload.mutate({
    yaml: `metadata: { id: ${id}, name: Grows, version: 1.0.0 }
cluster:
  type: ${type}
  min_workers: 2
  max_workers: 6
${extra}agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, count: 1-5, reports_to: supervisor, runtime: { type: builtin, behaviour: sleep, sleep_ms: 200 } }
`,
  });
  return id;
}

/** blueprints/marketing.yaml under an id of its own, with the quick damping of these tests. */
async function marketing() {
  const id = uniqueName("marketing");
  const yaml = readFileSync(new URL("../../blueprints/marketing.yaml", import.meta.url), "utf8")
    .replace("id: marketing-v1", `id: ${id}`)
    .replace(
      /scale_down_threshold: 2.*\n/,
      "scale_down_threshold: 2\n    stabilization_seconds: 2\n    scale_up_cooldown_seconds: 1\n    scale_down_cooldown_seconds: 1\n",
    );
  await myzel.blueprints.upload.mutate({ yaml });
  return id;
}

const quickScaling = `  scaling: { metric: task_queue_length, scale_up_threshold: 4, scale_down_threshold: 1, stabilization_seconds: 2, scale_up_cooldown_seconds: 1, scale_down_cooldown_seconds: 1 }
`;

describe("auto-scaling", () => {
  it("grows a cluster to its limit under a burst, shrinks it back when the burst ends, then lets it hibernate and wakes it with a task", async () => {
    const cluster = await myzel.clusters.create.mutate({
      blueprintId: await blueprint("department", quickScaling),
      name: uniqueName("burst"),
    });
    await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 20_000 });
    const burst = await myzel.tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 60 }, () => ({ role: "worker" })),
    });

    await expect
      .poll(async () => (await myzel.clusters.get.query({ id: cluster.id })).currentWorkers, { timeout: 20_000 })
      .toBe(6);
    // The new workers take part in the burst.
    await Promise.all(burst.taskIds.map((id) => myzel.tasks.wait.query({ id, timeoutMs: 30_000 })));
    const workersUsed = new Set(
      (await myzel.tasks.list.query({ clusterId: cluster.id, limit: 100 })).items.map((t) => t.agentId),
    );
    expect(workersUsed.size).toBe(5);

    await expect
      .poll(async () => (await myzel.clusters.get.query({ id: cluster.id })).currentWorkers, { timeout: 30_000 })
      .toBe(2);
    await expect
      .poll(async () => (await myzel.clusters.get.query({ id: cluster.id })).status, { timeout: 30_000 })
      .toBe("HIBERNATED");

    const log = await myzel.clusters.scalingDecisions.query({ id: cluster.id });
    expect(log.enabled).toBe(true);
    const applied = log.items.filter((d) => d.outcome === "applied").reverse();
    expect(applied[0]).toMatchObject({ direction: "up", from: 2 });
    expect(applied[0]!.reason).toMatch(/queue \d+ is above 4/);
    expect(applied[0]!.roles.worker).toBeGreaterThan(0);
    // No oscillation: up until the limit, then down, then asleep.
    const directions = applied.map((d) => d.direction).filter((d, i, all) => d !== all[i - 1]);
    expect(directions).toEqual(["up", "down", "hibernate"]);
    expect(log.items.some((d) => d.direction === "none" && d.reason.startsWith("no change"))).toBe(true);
    expect(
      (await myzel.clusters.scalingDecisions.query({ id: cluster.id, changesOnly: true })).items.every(
        (d) => d.direction !== "none",
      ),
    ).toBe(true);

    // Reactivation from zero: the task is accepted, the cluster wakes, the task completes.
    const task = await myzel.tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 20_000 });
    expect(task.status).toBe("SUCCEEDED");
    // ACTIVE once every agent it wakes with runs, not before.
    const awake = await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 20_000 });
    expect(awake).toMatchObject({ status: "ACTIVE", currentWorkers: awake.targetWorkers });
  }, 120_000);

  it("never hibernates a persistent cluster nor a type left out of MYZEL_HIBERNATION_TYPES, and says why it does not scale one without a scaling policy", async () => {
    const cluster = await myzel.clusters.create.mutate({
      blueprintId: await blueprint("persistent"),
      name: uniqueName("always"),
    });
    await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 20_000 });
    const temporary = await myzel.clusters.create.mutate({
      blueprintId: await blueprint("temporary"),
      name: uniqueName("awake"),
    });
    await myzel.clusters.wait.query({ id: temporary.id, status: "ACTIVE", timeoutMs: 20_000 });
    const hibernating = await myzel.clusters.create.mutate({
      blueprintId: await blueprint("project"),
      name: uniqueName("sleepy"),
    });
    // The project cluster sleeps after the idle timeout; the persistent one, idle as long, does not.
    await expect
      .poll(async () => (await myzel.clusters.get.query({ id: hibernating.id })).status, { timeout: 30_000 })
      .toBe("HIBERNATED");
    expect((await myzel.clusters.get.query({ id: cluster.id })).status).toBe("ACTIVE");
    expect((await myzel.clusters.get.query({ id: temporary.id })).status).toBe("ACTIVE");
    await myzel.clusters.delete.mutate({ id: temporary.id });
    const log = await myzel.clusters.scalingDecisions.query({ id: cluster.id });
    expect(log.enabled).toBe(false);
    expect(log.items).toEqual([]);
    await myzel.clusters.delete.mutate({ id: cluster.id });
  }, 60_000);

  it("removes a temporary cluster once its TTL has passed and its work is done", async () => {
    const cluster = await myzel.clusters.create.mutate({
      blueprintId: await blueprint("temporary", "  ttl_seconds: 2\n"),
      name: uniqueName("brief"),
    });
    await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 20_000 });
    const task = await myzel.tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
    await expect
      .poll(async () => (await myzel.clusters.get.query({ id: cluster.id })).status, { timeout: 30_000 })
      .toBe("DESTROYED");
    const [entry] = (await myzel.clusters.scalingDecisions.query({ id: cluster.id, changesOnly: true })).items;
    expect(entry).toMatchObject({ direction: "expire", outcome: "applied" });
    expect(entry!.reason).toContain("TTL");
  }, 60_000);

  it("shrinks an idle cluster by its idle roles and keeps the role every task goes to", async () => {
    const cluster = await myzel.clusters.create.mutate({
      blueprintId: await marketing(),
      name: uniqueName("soak"),
      type: "persistent",
      targetWorkers: 8,
    });
    await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 30_000 });
    // A steady trickle of quick tasks, all for the analyst: it is never busy when sampled, nothing waits.
    let stop = false;
    const outcomes: string[] = [];
    const traffic = (async () => {
      while (!stop) {
        outcomes.push((await myzel.tasks.submit.mutate({ id: cluster.id, role: "analyst", waitMs: 15_000 })).status);
        await pause(100); // pacing, about ten tasks a second at most
      }
    })();
    try {
      await expect
        .poll(async () => (await myzel.clusters.get.query({ id: cluster.id })).targetWorkers, { timeout: 40_000 })
        .toBe(5);
      await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 20_000 });
      // The analyst still runs (idle or at a task) and still takes its tasks.
      expect(
        (await myzel.agents.list.query({ id: cluster.id, role: "analyst" })).map((a) =>
          ["IDLE", "BUSY"].includes(a.status),
        ),
      ).toEqual([true]);
      expect((await myzel.tasks.submit.mutate({ id: cluster.id, role: "analyst", waitMs: 15_000 })).status).toBe(
        "SUCCEEDED",
      );
      expect((await myzel.clusters.get.query({ id: cluster.id })).roleTargets.analyst).toBe(1);
    } finally {
      stop = true;
      await traffic;
    }
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((status) => status !== "SUCCEEDED")).toEqual([]);
    const shrinks = (await myzel.clusters.scalingDecisions.query({ id: cluster.id, changesOnly: true })).items.filter(
      (d) => d.direction === "down",
    );
    expect(shrinks.length).toBeGreaterThan(0);
    for (const shrink of shrinks) {
      expect(shrink.roles.analyst).toBeUndefined();
      expect(shrink.reason).toMatch(/^(content_writer|social_media_manager|seo_specialist): /);
    }
    await myzel.clusters.delete.mutate({ id: cluster.id });
  }, 120_000);

  it("gives a role at zero an agent as soon as a task for it arrives", async () => {
    const cluster = await myzel.clusters.create.mutate({
      blueprintId: await marketing(),
      name: uniqueName("from-zero"),
      type: "persistent",
      targetWorkers: 5,
    });
    await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 30_000 });
    expect(await myzel.agents.list.query({ id: cluster.id, role: "analyst" })).toEqual([]);
    // Below every queue threshold, yet it has no one else to go to.
    const task = await myzel.tasks.submit.mutate({ id: cluster.id, role: "analyst", waitMs: 20_000 });
    expect(task.status).toBe("SUCCEEDED");
    const analysts = await myzel.agents.list.query({ id: cluster.id, role: "analyst" });
    expect(analysts.map((a) => a.id)).toContain(task.agentId);
    const grow = (await myzel.clusters.scalingDecisions.query({ id: cluster.id, changesOnly: true })).items.find(
      (d) => d.direction === "up",
    );
    expect(grow).toMatchObject({ from: 5, to: 6, roles: { analyst: 1 }, outcome: "applied" });
    expect(grow!.reason).toContain("1 task waits for analyst, which has no agent");
    await myzel.clusters.delete.mutate({ id: cluster.id });
  }, 60_000);
});
