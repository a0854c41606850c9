/**
 * A server that dies after recording a batch of results but before announcing them: the
 * next recorder with its name reads the unacknowledged reports again and announces what was
 * recorded, so a waiting parent and the result cache are not left without them.
 */
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import type { Dispatcher } from "../../src/core/tasks/dispatcher";
import { ResultRecorder } from "../../src/core/tasks/result-recorder";
import { TaskStore } from "../../src/core/tasks/task-store";
import { signReport } from "../../src/domain/tasks/outcome-signature";
import { loadSettings } from "../../src/env";
import { createDatabase } from "../../src/infra/database/client";
import { createEventPublisher } from "../../src/infra/events";
import { keys } from "../../src/infra/keys";
import { createLogger } from "../../src/infra/logger";
import { activeCluster, client, deleteCreatedClusters, uniqueName, uploadBlueprint } from "./helpers";

// A database of its own on the same Redis: the server's recorder must not take the report first.
const redis = new Redis(inject("redisUrl"), { db: 7 });
const db = createDatabase(inject("databaseUrl"));
afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
});
afterEach(deleteCreatedClusters);

describe("results recorded before a crash", () => {
  it("are announced again when the reports are read again", async () => {
    const id = uniqueName("replay");
    await uploadBlueprint(`metadata: { id: ${id}, name: Replay, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 3 }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, reports_to: supervisor }
`);
    const cluster = await activeCluster({ blueprintId: id });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
    // As if the announcement had never happened: no cached result; and the report is still
    // pending for a recorder that read it and died.
    await redis.del(keys.taskResult(task.id));
    const consumer = uniqueName("crashed-recorder");
    // Signed as its agent signs reports: the recorder drops reports that are not.
    const claim = { taskId: task.id, agentId: task.agentId!, attempt: task.attempts, ok: true };
    const server = new Redis(inject("redisUrl"));
    const secret = await server.get(keys.agentSecret(task.agentId!)).finally(() => server.disconnect());
    expect(secret, "the agent's signing secret").toBeTruthy();
    await redis.set(keys.agentSecret(task.agentId!), secret!);
    await redis.xadd(
      keys.results,
      "*",
      "o",
      JSON.stringify({
        ...claim,
        result: { replayed: true },
        startedAt: Date.now(),
        finishedAt: Date.now(),
        signature: signReport(secret!, claim),
      }),
    );
    // Read (and so claimed) by the consumer that "died", never acknowledged.
    await redis.xgroup("CREATE", keys.results, keys.resultsGroup, "0", "MKSTREAM").catch(() => {});
    await redis.xreadgroup("GROUP", keys.resultsGroup, consumer, "COUNT", 1000, "STREAMS", keys.results, ">");

    const settings = loadSettings({ NODE_ENV: "test" });
    const events = createEventPublisher(redis);
    const tasks = new TaskStore({ db, redis, events, resultTtlSeconds: settings.RESULT_TTL_SECONDS });
    const recorder = new ResultRecorder({
      db,
      redis,
      events,
      tasks,
      dispatcher: { release: () => {} } as unknown as Dispatcher,
      settings,
      log: createLogger("silent"),
      consumer,
    });
    await recorder.start();
    try {
      await expect
        .poll(async () => JSON.parse((await redis.get(keys.taskResult(task.id))) ?? "null")?.status, {
          timeout: 10_000,
        })
        .toBe("SUCCEEDED");
      // Announced from the record, not from the replayed report, and the report is acknowledged.
      expect(JSON.parse((await redis.get(keys.taskResult(task.id)))!).result).toEqual(task.result);
      await expect
        .poll(
          async () =>
            ((await redis.xpending(keys.results, keys.resultsGroup, "-", "+", 10, consumer)) as unknown[]).length,
          { timeout: 10_000 },
        )
        .toBe(0);
      expect((await client().tasks.get.query({ id: task.id })).duplicateRuns).toBe(0);
    } finally {
      await recorder.stop();
    }
  });
});
