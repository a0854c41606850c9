/**
 * Queue producers as another team's service would be one: a program signed in to Redis as a
 * producer pushes control jobs with BullMQ, naming fields as REST does (or in the older
 * snake_case). Every job ends completed or failed, never waiting forever: a refused job fails
 * for good with its reason and the id of its dead letter, and a job for a deleted cluster fails
 * with that reason, whether it was waiting when the cluster went or was added after.
 */
import { type Job, Queue, QueueEvents } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { keys, QUEUE_PREFIX } from "../../src/infra/keys";
import { redisOptionsFromUrl } from "../../src/infra/redis";
import { client, deleteCreatedClusters, rest, waitForStatus } from "./helpers";
import { agentsOf, pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // In order: the program's connections first, then its Redis user.
  for (const close of closers.splice(0)) await close().catch(() => {});
});

/** A BullMQ Queue and QueueEvents signed in as a new producer of `clusterId`, as the other program has them. */
async function producer(clusterId: string) {
  const { redisUrl, info } = await client().producers.create.mutate({ name: "billing", clusterIds: [clusterId] });
  // Connection options, not connections: BullMQ then closes what it opened.
  const options = { connection: redisOptionsFromUrl(redisUrl), prefix: QUEUE_PREFIX };
  const queue = new Queue(keys.controlQueue(clusterId), options);
  const events = new QueueEvents(keys.controlQueue(clusterId), options);
  await events.waitUntilReady();
  closers.push(
    () => events.close(),
    () => queue.close(),
    () => client().producers.revoke.mutate({ producerId: info.id }),
  );
  return { queue, events };
}

/** How the job ended: its return value, or the reason it failed with. */
async function outcome(job: Job, events: QueueEvents): Promise<{ completed: unknown } | { failed: string }> {
  try {
    return { completed: await job.waitUntilFinished(events, 20_000) };
  } catch (error) {
    return { failed: (error as Error).message };
  }
}

const deadLetterOf = (reason: string) => /\(dead letter ([0-9a-f-]{36})\)$/.exec(reason)?.[1];

describe("queue producers", () => {
  it("find the job contract published as JSON Schema, without signing in", async () => {
    const { status, body } = await rest("/schemas/control-job.json", { token: null });
    expect(status).toBe(200);
    expect(body.$id).toBe("/schemas/control-job.json");
    const task = body.anyOf.find(
      (job: { properties: { name: { const: string } } }) => job.properties.name.const === "task",
    );
    expect(Object.keys(task.properties.data.properties)).toEqual(expect.arrayContaining(["sessionKey", "session_key"]));
  });

  it("submit tasks naming fields as REST does, or in the older snake_case", async () => {
    const cluster = await pool({ workers: 2, routing: "sticky" });
    const { queue, events } = await producer(cluster.id);
    const camel = await queue.add("task", {
      clusterId: cluster.id,
      role: "worker",
      sessionKey: "customer-7",
      maxAttempts: 2,
      payload: { prompt: "camel", session_key: "the producer's own data" },
    });
    const snake = await queue.add("task", { cluster_id: cluster.id, role: "worker", session_key: "customer-7" });
    const ids = [];
    for (const job of [camel, snake]) {
      const { completed } = (await outcome(job, events)) as { completed: { taskId: string } };
      ids.push(completed.taskId);
    }
    const tasks = await Promise.all(ids.map((id) => client().tasks.wait.query({ id, timeoutMs: 10_000 })));
    expect(tasks.map((t) => [t.status, t.sessionKey, t.source])).toEqual([
      ["SUCCEEDED", "customer-7", "queue"],
      ["SUCCEEDED", "customer-7", "queue"],
    ]);
    // One session key, however spelt: the same agent.
    expect(tasks[1]!.agentId).toBe(tasks[0]!.agentId);
    expect(tasks[0]).toMatchObject({
      maxAttempts: 2,
      payload: { prompt: "camel", session_key: "the producer's own data" },
    });

    const [boss] = await agentsOf(cluster.id, "supervisor");
    const spawned = await outcome(
      await queue.add("spawn_agent", { agentDef: { role: "worker", name: "Extra", reportsToId: boss!.id } }),
      events,
    );
    const { agentId } = (spawned as { completed: { agentId: string } }).completed;
    expect((await agentsOf(cluster.id)).find((a) => a.id === agentId)).toMatchObject({
      name: "Extra",
      reportsToId: boss!.id,
    });
  });

  it("hear every refusal as a failure with its reason and dead letter, retried never", async () => {
    const cluster = await pool({ workers: 1 });
    const { queue, events } = await producer(cluster.id);
    const refused: [name: string, data: object, reason: string][] = [
      [
        "task",
        { role: "worker", sessionkey: "x" },
        'malformed task payload: (payload): Unrecognized key: "sessionkey"',
      ],
      ["scale_cluster", { targetWorkers: "many" }, "malformed scale_cluster payload: targetWorkers: "],
      [
        "task",
        { role: "worker", sessionKey: "a", session_key: "b" },
        'malformed task payload: sessionKey: "sessionKey" and "session_key" name the same field',
      ],
      ["launch_rockets", {}, 'unknown task type "launch_rockets"'],
    ];
    const letters: string[] = [];
    for (const [name, data, reason] of refused) {
      const job = await queue.add(name, data, { attempts: 3 });
      const ended = (await outcome(job, events)) as { failed: string };
      expect(ended.failed).toContain(`rejected: ${reason}`);
      expect(await job.getState()).toBe("failed");
      expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);

      const letterId = deadLetterOf(ended.failed)!;
      letters.push(letterId);
      const listed = await rest(`/api/dead-letters?clusterId=${cluster.id}&kind=control`);
      expect(listed.body.items.find((l: { id: string }) => l.id === letterId)).toMatchObject({
        jobId: job.id,
        jobName: name,
        data,
        reason: expect.stringContaining(reason),
      });
    }
    const stillBad = await rest(`/api/dead-letters/${letters[0]}/replay`, { method: "POST", json: {} });
    expect(stillBad.status).toBe(422);
    expect(stillBad.body.detail).toContain("still rejected");
  });

  it("hear at once that a deleted cluster takes no jobs: those waiting when it went and those added after", async () => {
    const cluster = await pool({ workers: 1 });
    const { queue, events } = await producer(cluster.id);
    // Jobs that wait in the queue while the cluster goes (delayed well past the test).
    const waiting = await queue.addBulk([
      { name: "task", data: { role: "worker" }, opts: { delay: 600_000 } },
      { name: "health_check", data: {}, opts: { delay: 600_000, attempts: 5 } },
    ]);
    await client().clusters.delete.mutate({ id: cluster.id });
    await waitForStatus(cluster.id, "DESTROYED");
    const after = await queue.add("task", { role: "worker", sessionKey: "late" });
    for (const job of [...waiting, after]) {
      const ended = (await outcome(job, events)) as { failed: string };
      expect(ended.failed).toMatch(
        new RegExp(`^rejected: cluster ${cluster.id} was deleted at [0-9TZ:.-]+ \\(dead letter [0-9a-f-]{36}\\)$`),
      );
    }
    expect(await queue.getJobCounts("wait", "delayed", "active", "failed")).toEqual({
      wait: 0,
      delayed: 0,
      active: 0,
      failed: 3,
    });
  });

  it("lose no job: a burst of good and bad jobs ends all completed or failed, each as it should", async () => {
    const cluster = await pool({ workers: 2, concurrency: 4 });
    const { queue, events } = await producer(cluster.id);
    const jobs = await queue.addBulk(
      Array.from({ length: 60 }, (_, i) => ({
        name: "task",
        data:
          i % 3 === 0
            ? { role: "worker", payload: i, sessionKey: `s${i % 5}` }
            : i % 3 === 1
              ? { role: "worker", payload: i, session_key: `s${i % 5}` }
              : { role: "worker", payload: i, timeoutMs: "soon" },
      })),
    );
    const ends = await Promise.all(jobs.map((job) => outcome(job, events)));
    expect(ends.filter((e) => "completed" in e)).toHaveLength(40);
    expect(
      ends.filter((e) => "failed" in e && e.failed.startsWith("rejected: malformed task payload: timeoutMs")),
    ).toHaveLength(20);
    expect(await queue.getJobCounts("wait", "delayed", "active", "completed", "failed")).toEqual({
      wait: 0,
      delayed: 0,
      active: 0,
      completed: 40,
      failed: 20,
    });
  });
});
