/**
 * What an operator sees of work in progress and of work that failed for good: a task that
 * runs shows RUNNING and its agent BUSY; a task that exhausts its attempts is a dead letter
 * with every attempt's error, and replays; a task whose queue job vanished is routed again
 * within seconds, its lost attempt on record.
 */
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { keys, QUEUE_PREFIX } from "../../src/infra/keys";
import { redisOptionsFromUrl } from "../../src/infra/redis";
import type { MyzelEvent } from "../../src/schemas/events";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  sql,
  uniqueName,
  uploadBlueprint,
  watchEvents,
} from "./helpers";

afterEach(deleteCreatedClusters);

async function pool(opts: { workers: number; runtime: string; concurrency?: number }) {
  const id = uniqueName("states");
  await uploadBlueprint(`metadata: { id: ${id}, name: States, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10, routing: least-busy }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    count: ${opts.workers}
    reports_to: supervisor
    concurrency: ${opts.concurrency ?? 1}
    runtime: ${opts.runtime}
`);
  return activeCluster({ blueprintId: id, targetWorkers: opts.workers + 1 });
}

const agentStatus = async (clusterId: string, agentId: string) =>
  (await client().agents.list.query({ id: clusterId })).find((a) => a.id === agentId)?.status;

describe("work in progress", () => {
  let events: Awaited<ReturnType<typeof watchEvents>>;
  beforeAll(async () => {
    events = await watchEvents({ all: true });
  });
  afterAll(() => void events.socket.disconnect());

  it("shows a task RUNNING, with its start, and its agent BUSY, live and in the API; both settle when it ends", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 60000 }" });
    const submitted = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "long" });
    await expect
      .poll(async () => (await client().tasks.get.query({ id: submitted.id })).status, { timeout: 10_000 })
      .toBe("RUNNING");
    const running = await client().tasks.get.query({ id: submitted.id });
    expect(running.startedAt).not.toBeNull();
    expect(running.agentId).toBe(submitted.agentId);
    await expect.poll(() => agentStatus(cluster.id, submitted.agentId!), { timeout: 10_000 }).toBe("BUSY");
    expect(
      (await client().tasks.list.query({ clusterId: cluster.id, status: "RUNNING" })).items.map((t) => t.id),
    ).toEqual([submitted.id]);
    const seen = (type: MyzelEvent["type"]) =>
      events.received.filter((e) => e.type === type && "clusterId" in e && e.clusterId === cluster.id);
    expect(
      seen("tasks.started").flatMap((e) => (e.type === "tasks.started" ? e.tasks.map((t) => t.id) : [])),
    ).toContain(submitted.id);
    expect(
      seen("agent.status").some(
        (e) => e.type === "agent.status" && e.agentId === submitted.agentId && e.status === "BUSY",
      ),
    ).toBe(true);

    await client().tasks.cancel.mutate({ id: submitted.id });
    await expect.poll(() => agentStatus(cluster.id, submitted.agentId!), { timeout: 10_000 }).toBe("IDLE");
    expect((await client().tasks.get.query({ id: submitted.id })).status).toBe("CANCELLED");
  });
});

describe("dead letters for tasks that failed for good", () => {
  it("holds the reason and every attempt's error, and replays the task once", async () => {
    const cluster = await pool({ workers: 2, runtime: "{ type: builtin, behaviour: fail }" });
    const task = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "worker",
      payload: "doomed",
      maxAttempts: 3,
      waitMs: 15_000,
    });
    expect(task.status).toBe("FAILED");

    const letters = await client().deadLetters.list.query({ clusterId: cluster.id, kind: "task" });
    expect(letters.items).toHaveLength(1);
    const letter = letters.items[0]!;
    expect(letter).toMatchObject({ kind: "task", taskId: task.id, jobName: task.type, reason: task.error });
    const data = letter.data as {
      payload: unknown;
      attempts: Array<{ attempt: number; error: string; outcome: string }>;
    };
    expect(data.payload).toBe("doomed");
    expect(data.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    for (const attempt of data.attempts)
      expect(attempt).toMatchObject({
        outcome: "failed",
        error: expect.stringContaining("failed the task on purpose"),
      });

    const replayed = await client().deadLetters.replay.mutate({ id: letter.id });
    const again = replayed.deadLetter.replayTaskId!;
    expect(again).not.toBe(task.id);
    const rerun = await client().tasks.wait.query({ id: again, timeoutMs: 15_000 });
    expect(rerun).toMatchObject({
      payload: "doomed",
      source: "replay",
      target: { kind: "role", value: "worker" },
      maxAttempts: 3,
      status: "FAILED",
    });
    const second = await rest(`/api/dead-letters/${letter.id}/replay`, { method: "POST", json: {} });
    expect(second.status).toBe(409);
    // The replay failed for good too: it has a dead letter of its own.
    expect(
      (await client().deadLetters.list.query({ clusterId: cluster.id, kind: "task" })).items.map((l) => l.taskId),
    ).toContain(again);
  });

  it("lists control-queue rejects and task failures apart", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: fail }" });
    await client().tasks.submit.mutate({ id: cluster.id, role: "worker", maxAttempts: 1, waitMs: 10_000 });
    const control = await client().deadLetters.list.query({ clusterId: cluster.id, kind: "control" });
    expect(control.items.every((l) => l.kind === "control" && l.taskId === null)).toBe(true);
    expect((await client().deadLetters.list.query({ clusterId: cluster.id, kind: "task" })).total).toBe(1);
  });
});

describe("nothing waits for a sweep", () => {
  it("routes a queued task whose job vanished again within seconds, with the lost attempt on record", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 60000 }" });
    // The only worker is busy with the first task, so the second waits on its queue.
    const busy = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "first" });
    const waiting = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "second" });
    expect(waiting.status).toBe("QUEUED");
    const queue = new Queue(keys.agentQueue(waiting.agentId!), {
      connection: redisOptionsFromUrl(inject("redisUrl")),
      prefix: QUEUE_PREFIX,
    });
    try {
      expect(await queue.remove(`${waiting.id}-1`)).toBe(1);
    } finally {
      await queue.close();
    }
    await expect
      .poll(async () => (await client().tasks.get.query({ id: waiting.id })).attempts, { timeout: 20_000 })
      .toBe(2);
    const lost = await sql<{ attempt: number; outcome: string; error: string }>(
      "SELECT attempt, outcome, error FROM task_attempts WHERE task_id = $1",
      [waiting.id],
    );
    expect(lost).toEqual([{ attempt: 1, outcome: "lost", error: "its queued job was lost" }]);
    // Routed again to a queue where it waits; the task that runs was never touched.
    expect((await client().tasks.get.query({ id: waiting.id })).status).toBe("QUEUED");
    expect((await client().tasks.get.query({ id: busy.id })).attempts).toBe(1);
  });
});

describe("work no agent can ever take", () => {
  it("fails a task waiting for an agent that was removed, saying so, instead of waiting forever", async () => {
    const id = uniqueName("removed");
    await uploadBlueprint(`metadata: { id: ${id}, name: Removed, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 10 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    count: 1-2
    reports_to: supervisor
    runtime: { type: builtin, behaviour: sleep, sleep_ms: 1500 }
`);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 3 });
    const leaving = (await client().agents.list.query({ id: cluster.id })).find((a) => a.key === "worker-2")!;
    const running = await client().tasks.submit.mutate({ id: cluster.id, agentId: leaving.id, payload: "runs" });
    const waiting = await client().tasks.submit.mutate({ id: cluster.id, agentId: leaving.id, payload: "waits" });
    await client().clusters.scale.mutate({ id: cluster.id, targetWorkers: 2 });

    const failed = await client().tasks.wait.query({ id: waiting.id, timeoutMs: 20_000 });
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toBe(`no agent can take it: agent ${leaving.id} was removed from the cluster`);
    // What it held when it was retired it finished first.
    expect((await client().tasks.wait.query({ id: running.id, timeoutMs: 20_000 })).status).toBe("SUCCEEDED");
  });
});
