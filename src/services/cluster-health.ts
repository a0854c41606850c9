/** A cluster's agents as they are now: recorded status and whether their heartbeat is fresh. */
import type { CoreDeps } from "../core/deps";
import { readHeartbeats } from "../core/nodes/heartbeats";

export async function clusterHealth(deps: Pick<CoreDeps, "db" | "redis">, clusterId: string) {
  const agents = await deps.db.clusterAgent.findMany({
    where: { clusterId, removedAt: null },
    orderBy: { agentKey: "asc" },
  });
  const beats = await readHeartbeats(
    deps.redis,
    agents.map((a) => a.id),
  );
  const report = agents.map((agent, i) => ({
    agentId: agent.id,
    key: agent.agentKey,
    status: agent.status,
    alive: !!beats[i],
    active: beats[i]?.active ?? 0,
  }));
  return {
    clusterId,
    agents: report.length,
    alive: report.filter((a) => a.alive).length,
    healthy: report.every((a) => a.alive),
    report,
  };
}
