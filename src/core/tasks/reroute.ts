/**
 * Sends the tasks that agents held — queued or running — back to routing at once: their
 * queues are emptied (a late report of a finished run then counts as a duplicate, never as a
 * second result) and the tasks become PENDING, keeping their attempts, for healthy agents.
 */
import { Queue } from "bullmq";
import type { Settings } from "../../env";
import { busPublisher, channels } from "../../infra/bus";
import type { Database } from "../../infra/database/client";
import { keys, QUEUE_PREFIX } from "../../infra/keys";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";
import { taskStoreOf } from "./task-store";

export async function rerouteAgentTasks(
  deps: { db: Database; redis: Redis; log: Logger; settings: Pick<Settings, "RESULT_TTL_SECONDS" | "EVENT_HISTORY"> },
  agentIds: readonly string[],
  reason = "its agent stopped",
): Promise<number> {
  if (!agentIds.length) return 0;
  for (const agentId of agentIds) {
    const queue = new Queue(keys.agentQueue(agentId), { connection: deps.redis, prefix: QUEUE_PREFIX });
    try {
      await queue.obliterate({ force: true });
    } catch (error) {
      deps.log.warn({ err: (error as Error).message, agentId }, "could not empty an agent's queue");
    } finally {
      await queue.close().catch(() => {});
    }
  }
  const count = await taskStoreOf({
    ...deps,
    resultTtlSeconds: deps.settings.RESULT_TTL_SECONDS,
    eventHistory: deps.settings.EVENT_HISTORY,
  }).sendBack({ agentIds }, reason);
  if (count)
    await busPublisher(deps.redis)
      .publish(channels.reconcile, { reason: "rerouted" })
      .catch(() => {});
  return count;
}
