/**
 * What a chaos drill watches: the drill's tasks by status, how long each kind of failure took
 * to heal, and when everything it broke has settled.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { summarizeTimings } from "../../domain/stats/percentiles";
import type { Database } from "../../infra/database/client";
import type { Drill } from "../../schemas/drill-api";

/** Counts the drill's tasks by status into `tasks`. */
export async function countDrillTasks(db: Database, clusterId: string, source: string, tasks: Drill["tasks"]) {
  const rows = await db.$queryRaw<Array<{ status: string; n: bigint; duplicated: bigint }>>`
    SELECT status::text AS status, count(*) AS n, count(*) FILTER (WHERE duplicate_runs > 0) AS duplicated
    FROM tasks WHERE cluster_id = ${clusterId}::uuid AND source = ${source} GROUP BY status`;
  const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  tasks.accepted = rows.reduce((sum, r) => sum + Number(r.n), 0);
  tasks.refused = tasks.submitted - tasks.accepted;
  tasks.completed = n("SUCCEEDED");
  tasks.failed = n("FAILED");
  tasks.cancelled = n("CANCELLED");
  tasks.unfinished = n("PENDING") + n("QUEUED") + n("RUNNING");
  tasks.duplicated = rows.reduce((sum, r) => sum + Number(r.duplicated), 0);
}

/** Time from a runner's death until every agent it ran runs again on another node; undefined if not within 120 s. */
export async function watchRunnerRecovery(
  db: Database,
  nodeId: string,
  agentIds: string[],
  killedAt: number,
  aborted: () => boolean,
): Promise<number | undefined> {
  const deadline = killedAt + 120_000;
  while (Date.now() < deadline && !aborted()) {
    const back = await db.clusterAgent
      .count({ where: { id: { in: agentIds }, status: { in: ["IDLE", "BUSY"] }, nodeId: { not: nodeId } } })
      .catch(() => 0);
    if (back === agentIds.length) return Date.now() - killedAt;
    await sleep(100);
  }
  return undefined;
}

/** Time from killing the redis-server until the healer recorded it healed; undefined if not within 60 s. */
export async function watchRedisRecovery(
  db: Database,
  killedAt: Date,
  aborted: () => boolean,
): Promise<number | undefined> {
  const deadline = killedAt.getTime() + 60_000;
  while (Date.now() < deadline && !aborted()) {
    const healed = await db.healingEvent
      .findFirst({ where: { kind: "redis_down", at: { gte: killedAt }, outcome: "ok" }, orderBy: { at: "asc" } })
      .catch(() => null);
    if (healed) return healed.at.getTime() + (healed.durationMs ?? 0) - killedAt.getTime();
    await sleep(100);
  }
  return undefined;
}

/** Restart and hang-detection times from the healing history, with the runner and Redis recoveries measured. */
export async function measureRecoveries(
  db: Database,
  clusterId: string,
  since: number,
  hung: ReadonlyArray<{ agentId: string; at: number }>,
  measured: { runner: number[]; redis: number[] },
): Promise<Drill["recovery"]> {
  const entries = await db.healingEvent.findMany({
    where: { clusterId, at: { gte: new Date(since) }, kind: { in: ["agent_crashed", "agent_hung"] } },
  });
  const restarts = entries
    .filter((e) => e.kind === "agent_crashed" && e.outcome === "ok" && e.durationMs !== null)
    .map((e) => e.durationMs!);
  const detections = hung.flatMap((h) => {
    const entry = entries.find((e) => e.kind === "agent_hung" && e.agentId === h.agentId && e.at.getTime() >= h.at);
    return entry ? [entry.at.getTime() - h.at] : [];
  });
  return {
    agentRestart: summarizeTimings(restarts),
    hungDetection: summarizeTimings(detections),
    runnerRecovery: summarizeTimings(measured.runner),
    redisRecovery: summarizeTimings(measured.redis),
  };
}
