/**
 * The auto-scaler's decisions of the last hour per cluster, "no change because …" included,
 * in a capped Redis list (newest first), each also published as a `scaling.decision` event.
 */
import type { EventPublisher } from "../../infra/events";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import { type ScalingDecisionEntry, scalingDecisionSchema } from "../../schemas/scaling-api";

const KEEP_MS = 3600_000;

export class ScalingLog {
  constructor(
    private readonly redis: Redis,
    private readonly events: EventPublisher,
    private readonly intervalMs: number,
  ) {}

  async record(clusterId: string, entry: ScalingDecisionEntry): Promise<void> {
    const key = keys.scalingDecisions(clusterId);
    const keep = Math.ceil(KEEP_MS / this.intervalMs) + 100;
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(entry))
      .ltrim(key, 0, keep - 1)
      .pexpire(key, KEEP_MS)
      .hincrby(keys.scalingDecisionCounts, `${clusterId}|${entry.direction}|${entry.outcome}`, 1)
      .exec();
    await this.events.publish({
      type: "scaling.decision",
      clusterId,
      at: entry.at,
      direction: entry.direction,
      from: entry.from,
      to: entry.to,
      reason: entry.reason,
      outcome: entry.outcome,
    });
  }
}

/** The last hour's decisions, newest first. */
export async function readScalingDecisions(redis: Redis, clusterId: string): Promise<ScalingDecisionEntry[]> {
  const since = Date.now() - KEEP_MS;
  const raw = await redis.lrange(keys.scalingDecisions(clusterId), 0, -1);
  return raw.flatMap((item) => {
    try {
      const entry = scalingDecisionSchema.parse(JSON.parse(item));
      return Date.parse(entry.at) >= since ? [entry] : [];
    } catch {
      return [];
    }
  });
}
