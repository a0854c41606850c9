/** The runner nodes that are alive now: registered, with a heartbeat that has not expired. */
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import { type NodeHeartbeat, nodeHeartbeatSchema } from "../../schemas/node-api";

export interface LiveNode extends NodeHeartbeat {
  id: string;
}

export async function liveNodes(redis: Redis): Promise<LiveNode[]> {
  const ids = await redis.smembers(keys.nodesSet);
  if (!ids.length) return [];
  const beats = await redis.mget(ids.map((id) => keys.nodeHeartbeat(id)));
  const nodes: LiveNode[] = [];
  ids.forEach((id, i) => {
    const raw = beats[i];
    if (!raw) return;
    try {
      const beat = nodeHeartbeatSchema.safeParse(JSON.parse(raw));
      if (beat.success) nodes.push({ id, ...beat.data });
    } catch {
      /* a malformed heartbeat counts as no heartbeat */
    }
  });
  return nodes.sort((a, b) => a.id.localeCompare(b.id));
}
