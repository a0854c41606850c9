/**
 * What happens once tasks reach a final status, whoever settled them (the result recorder,
 * a cancellation, a violated guard): the result is cached in Redis with a TTL, a delegating
 * parent is told, and a `tasks.finished` event goes out per cluster.
 */

import type { EventPublisher } from "../../infra/events";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";

export interface FinishedTask {
  id: string;
  clusterId: string;
  parentTaskId: string | null;
  agentId: string | null;
  status: "SUCCEEDED" | "FAILED" | "CANCELLED";
  result?: unknown;
  error?: string | null;
  /** What its model calls cost (US dollars), when its model has a price. */
  costUsd?: number | null;
}

export async function announceFinished(
  deps: { redis: Redis; events: EventPublisher; resultTtlSeconds: number },
  finished: readonly FinishedTask[],
) {
  if (!finished.length) return;
  const pipeline = deps.redis.pipeline();
  for (const task of finished) {
    const cached = {
      taskId: task.id,
      status: task.status,
      agentId: task.agentId,
      result: task.result ?? null,
      error: task.error ?? null,
    };
    pipeline.set(keys.taskResult(task.id), JSON.stringify(cached), "EX", deps.resultTtlSeconds);
    if (task.parentTaskId) {
      pipeline.rpush(keys.subtaskDone(task.parentTaskId), task.id);
      pipeline.expire(keys.subtaskDone(task.parentTaskId), deps.resultTtlSeconds);
    }
  }
  await pipeline.exec();
  const byCluster = new Map<string, FinishedTask[]>();
  for (const task of finished) byCluster.set(task.clusterId, [...(byCluster.get(task.clusterId) ?? []), task]);
  const at = new Date().toISOString();
  for (const [clusterId, tasks] of byCluster) {
    await deps.events.publish({
      type: "tasks.finished",
      clusterId,
      at,
      tasks: tasks.map((t) => ({ id: t.id, status: t.status, agentId: t.agentId })),
    });
  }
}
