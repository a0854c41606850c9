/**
 * A task submitted as another team's program would: a BullMQ job on the cluster's control queue,
 * spelt in REST's camelCase or the older snake_case. It obeys what a REST submit obeys: accepted
 * where REST accepts (the job completes with the task's id, and the task must end like any other),
 * refused where REST refuses (the job fails with the reason and its dead letter; it never waits).
 */
import { type Job, Queue, QueueEvents } from "bullmq";
import { keys, QUEUE_PREFIX } from "../../src/infra/keys";
import { redisOptionsFromUrl } from "../../src/infra/redis";
import { InvariantError } from "./checks";
import type { LifecycleModel } from "./model";
import type { RealRun } from "./real";
import { recordAccepted, SubmitBase } from "./task-commands";

const REFUSAL = /^rejected: .+ \(dead letter [0-9a-f-]{36}\)$/;

/** Adds one job and waits for its end: the value it completed with, or the reason it failed. */
async function addAndWait(
  redisUrl: string,
  clusterId: string,
  data: object,
): Promise<{ completed: { taskId: string } } | { failed: string }> {
  const options = { connection: redisOptionsFromUrl(redisUrl), prefix: QUEUE_PREFIX };
  const queue = new Queue(keys.controlQueue(clusterId), options);
  const events = new QueueEvents(keys.controlQueue(clusterId), options);
  try {
    await events.waitUntilReady();
    const job: Job = await queue.add("task", data);
    return { completed: (await job.waitUntilFinished(events, 60_000)) as { taskId: string } };
  } catch (error) {
    return { failed: (error as Error).message };
  } finally {
    await events.close();
    await queue.close();
  }
}

export class QueueSubmit extends SubmitBase {
  constructor(
    index: number,
    target: number,
    readonly snakeCase: boolean,
  ) {
    super(index, target);
  }

  async run(m: LifecycleModel, r: RealRun) {
    const { c, role, prediction } = this.aim(m);
    const session = `model-${m.tasks.length % 3}`;
    const data = this.snakeCase
      ? { cluster_id: c.id, ...(role ? { role } : {}), type: "model", session_key: session, timeout_ms: 60_000 }
      : { clusterId: c.id, ...(role ? { role } : {}), type: "model", sessionKey: session, timeoutMs: 60_000 };
    const what = `control-queue submit (${this.snakeCase ? "snake_case" : "camelCase"}) to ${role ?? "any agent"} of ${this.resolved} (${c.status})`;
    const ended = await addAndWait(r.system.target.redisUrl, c.id, data);
    if ("failed" in ended) {
      if (prediction.ok)
        throw new InvariantError(
          "predicted-answer",
          `${what}: expected the job to complete, it failed: ${ended.failed}`,
        );
      if (!REFUSAL.test(ended.failed))
        throw new InvariantError(
          "queue-refusal",
          `${what}: expected "rejected: <reason> (dead letter <id>)", observed ${ended.failed}`,
        );
    } else {
      if (!prediction.ok)
        throw new InvariantError(
          "predicted-answer",
          `${what}: expected a refusal (${prediction.why}), the job completed with ${JSON.stringify(ended.completed)}`,
        );
      await recordAccepted(m, r, c, role, [ended.completed.taskId]);
    }
    await r.settle();
  }

  toString = () => `queueSubmit(${this.resolved}, ${this.roleName ?? "any"}, ${this.snakeCase ? "snake" : "camel"})`;
}
