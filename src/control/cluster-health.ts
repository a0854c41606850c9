/** A cluster's agents as they are now: recorded status and whether their heartbeat is fresh. */
import type { AppDeps } from "../api/trpc";
import { keys } from "../infra/keys";
import { heartbeatSchema } from "../schemas/agent-protocol";

export async function clusterHealth(deps: Pick<AppDeps, "db" | "redis">, clusterId: string) {
  const agents = await deps.db.clusterAgent.findMany({ where: { clusterId, removedAt: null }, orderBy: { agentKey: "asc" } });
  const beats = agents.length ? await deps.redis.mget(agents.map((a) => keys.agentHeartbeat(a.id))) : [];
  const report = agents.map((agent, i) => {
    const beat = beats[i] ? heartbeatSchema.safeParse(JSON.parse(beats[i]!)) : undefined;
    return { agentId: agent.id, key: agent.agentKey, status: agent.status, alive: !!beat?.success, active: beat?.success ? beat.data.active : 0 };
  });
  return { clusterId, agents: report.length, alive: report.filter((a) => a.alive).length, healthy: report.every((a) => a.alive), report };
}
