/**
 * What the dashboard reads beyond the basic resources: system health by the thresholds,
 * every cluster's key figures, task search, healing-history filters, and the events that
 * let a page follow a task down its tree and see infrastructure healing.
 */
import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  uniqueName,
  uploadBlueprint,
  watchEvents,
} from "./helpers";

let socket: Socket | undefined;
afterEach(() => socket?.disconnect());
afterAll(deleteCreatedClusters);

async function watch(target: { all?: boolean; clusterId?: string }) {
  const watching = await watchEvents(target);
  socket = watching.socket;
  return watching.received;
}

async function delegatingCluster() {
  const id = uniqueName("flow");
  await uploadBlueprint(`metadata: { id: ${id}, name: Flow, version: 1.0.0 }
cluster: { type: project, min_workers: 3, max_workers: 5 }
agents:
  - { role: supervisor, name: Boss, runtime: { type: builtin, behaviour: delegate } }
  - { role: writer, name: Writer, count: 2, reports_to: supervisor, capabilities: [prose] }
`);
  return activeCluster({ blueprintId: id });
}

describe("system health", () => {
  it("reports CPU, memory and disk with their level by the thresholds, and Redis and PostgreSQL up", async () => {
    const { status, body } = await rest("/api/system/health");
    expect(status).toBe(200);
    expect(body.thresholds).toEqual({ cpuWarningPercent: 90, memoryCriticalPercent: 85, diskCriticalPercent: 90 });
    for (const resource of [body.cpu, body.memory, body.disk]) {
      expect(resource.percent).toBeGreaterThanOrEqual(0);
      expect(resource.percent).toBeLessThanOrEqual(100);
      expect(["ok", "warning", "critical"]).toContain(resource.level);
    }
    expect(body.redis).toMatchObject({ status: "up", managed: true });
    expect(body.database.status).toBe("up");
    expect(body.leader).toBe(true);
  });
});

describe("cluster overview", () => {
  it("lists each live cluster with its running agents, open tasks, throughput and error rate", async () => {
    const cluster = await delegatingCluster();
    await client().tasks.submit.mutate({ id: cluster.id, role: "writer", payload: "one", waitMs: 10_000 });
    const overview = await client().system.overview.query({});
    const mine = overview.find((entry) => entry.cluster.id === cluster.id);
    expect(mine).toMatchObject({
      agents: { total: 3, running: 3, failed: 0, openCircuits: 0 },
      tasks: { open: 0, errorRate: 0 },
    });
    expect(mine!.tasks.perMinute).toBeGreaterThan(0);

    await client().clusters.delete.mutate({ id: cluster.id });
    await client().clusters.wait.query({ id: cluster.id, status: "DESTROYED" });
    expect((await client().system.overview.query({})).some((entry) => entry.cluster.id === cluster.id)).toBe(false);
  });
});

describe("following a task", () => {
  it("announces each delegated subtask with its root, so a page can draw the task going down the tree", async () => {
    const cluster = await delegatingCluster();
    const received = await watch({ clusterId: cluster.id });
    const task = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "supervisor",
      payload: { prompt: "draft" },
      waitMs: 15_000,
    });
    expect(task.status).toBe("SUCCEEDED");
    const subtasks = (await client().tasks.list.query({ rootTaskId: task.id })).items.filter(
      (t) => t.parentTaskId === task.id,
    );
    expect(subtasks).toHaveLength(2);

    await expect
      .poll(() =>
        received
          .filter((e) => e.type === "tasks.finished")
          .flatMap((e) => (e.type === "tasks.finished" ? e.tasks.map((t) => t.id) : [])),
      )
      .toContain(task.id);
    const announced = received.flatMap((e) =>
      e.type === "tasks.submitted" && e.rootTaskId === task.id ? e.taskIds : [],
    );
    expect(announced.sort()).toEqual(subtasks.map((t) => t.id).sort());
  });
});

describe("task search", () => {
  it("finds tasks by id, prompt, type or error, and can leave out delegated subtasks", async () => {
    const cluster = await delegatingCluster();
    const word = `needle${randomUUID().slice(0, 6)}`;
    const plain = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "writer",
      payload: `a plain ${word}`,
      waitMs: 10_000,
    });
    const prompted = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "supervisor",
      type: "review",
      payload: { prompt: `the ${word.toUpperCase()} in a prompt` },
      waitMs: 15_000,
    });

    const byWord = await client().tasks.list.query({ clusterId: cluster.id, search: word, rootsOnly: true });
    expect(byWord.items.map((t) => t.id).sort()).toEqual([plain.id, prompted.id].sort());

    expect((await client().tasks.list.query({ search: prompted.id })).items.map((t) => t.id)).toEqual([prompted.id]);
    expect(
      (await client().tasks.list.query({ clusterId: cluster.id, search: "REVIEW", rootsOnly: true })).items.map(
        (t) => t.id,
      ),
    ).toEqual([prompted.id]);

    // The supervisor's two subtasks carry the prompt too; they show up only when asked for.
    expect((await client().tasks.list.query({ clusterId: cluster.id, search: word })).total).toBe(4);
    const rest400 = await rest(`/api/tasks?search=${"x".repeat(201)}`);
    expect(rest400.status).toBe(400);
  });
});

describe("healing history filters", () => {
  it("filters by outcome, severity and who acted, and lists the kinds it holds", async () => {
    const received = await watch({ all: true });
    await client().healing.heal.mutate({ dryRun: false });

    const manual = await client().healing.history.query({ actor: "person", kind: "manual_heal" });
    expect(manual.total).toBeGreaterThan(0);
    expect(manual.items.every((entry) => entry.actor !== "auto" && entry.kind === "manual_heal")).toBe(true);
    expect((await client().healing.history.query({ actor: "auto", kind: "manual_heal" })).total).toBe(0);
    expect(
      (
        await client().healing.history.query({
          kind: "manual_heal",
          severity: "info",
          outcome: manual.items[0]!.outcome as "ok",
        })
      ).total,
    ).toBeGreaterThan(0);
    expect((await client().healing.history.query({ kind: "manual_heal", severity: "critical" })).total).toBe(0);

    const kinds = await client().healing.kinds.query({});
    expect(kinds.find((k) => k.kind === "manual_heal")?.count).toBe(manual.total);

    // An entry of no cluster (the infrastructure) reaches pages that watch everything.
    await expect
      .poll(() => received.find((e) => e.type === "healing" && e.id === manual.items[0]!.id))
      .toMatchObject({ clusterId: null, actor: manual.items[0]!.actor, severity: "info" });
  });
});
