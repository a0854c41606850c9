/** Agents' current heartbeats from Redis (undefined where the key expired or is malformed). */
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import { type Heartbeat, heartbeatSchema } from "../../schemas/agent-protocol";

export async function readHeartbeats(redis: Redis, agentIds: readonly string[]): Promise<Array<Heartbeat | undefined>> {
  if (!agentIds.length) return [];
  const raw = await redis.mget(agentIds.map((id) => keys.agentHeartbeat(id)));
  return raw.map((value) => {
    if (!value) return undefined;
    try {
      const parsed = heartbeatSchema.safeParse(JSON.parse(value));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  });
}
