/**
 * A runner whose heartbeat expired (its misses used up) is lost: its agents are placed on the
 * nodes that are left, and the tasks they held are routed again. If it comes back it registers
 * anew and runs only what is assigned to it then — nothing twice. The writes go through the
 * leader's fence, so a deposed leader cannot move agents after a newer one has.
 */
import type { CoreDeps } from "../../core/deps";
import type { Tx } from "../../core/leader-fence";
import type { HealingLog } from "../../core/logs/healing-log";
import { rerouteAgentTasks } from "../../core/tasks/reroute";
import { agentUserName } from "../../infra/acl/acl-rules";
import { deleteAclUsers } from "../../infra/acl/redis-acl";
import { keys } from "../../infra/keys";

export interface LostNodeDeps extends Pick<CoreDeps, "db" | "redis" | "log" | "settings"> {
  fence: <T>(write: (tx: Tx) => Promise<T>) => Promise<T>;
  healingLog: HealingLog;
}

export async function handleLostNodes(deps: LostNodeDeps, live: Set<string>): Promise<void> {
  const { db, redis, log, settings } = deps;
  const registered = await redis.smembers(keys.nodesSet);
  for (const nodeId of registered.filter((id) => !live.has(id))) {
    const detectedAt = Date.now();
    // The runner writes its last beat's time beside its registration: the failover is measured from it.
    const lastBeatAt = Number(await redis.hget(keys.node(nodeId), "beatAt")) || undefined;
    const agents = await db.clusterAgent.findMany({ where: { nodeId, removedAt: null }, select: { id: true } });
    const rerouted = await rerouteAgentTasks(
      deps,
      agents.map((a) => a.id),
      `its node ${nodeId} was lost`,
    );
    // Its agents' Redis users go before they are placed elsewhere (where they get new ones).
    const held = await db.clusterAgent.findMany({ where: { nodeId }, select: { id: true } });
    await deleteAclUsers(
      redis,
      held.map((a) => agentUserName(a.id)),
    ).catch(() => {}); // a Redis user that may not manage ACL users made none
    await deps.fence(async (tx) => {
      await tx.clusterAgent.updateMany({
        where: { nodeId },
        data: { nodeId: null, status: "PENDING", pid: null, moveRequestedAt: null },
      });
      await tx.node.updateMany({
        where: { id: nodeId },
        data: {
          stoppedAt: new Date(),
          lostAt: new Date(),
          failovers: { increment: agents.length ? 1 : 0 },
          ...(lastBeatAt && agents.length ? { lastFailoverMs: Date.now() - lastBeatAt } : {}),
        },
      });
    });
    await redis.srem(keys.nodesSet, nodeId);
    await deps.healingLog.record({
      kind: "node_lost",
      severity: "critical",
      subject: `node ${nodeId}`,
      nodeId,
      detail: `no heartbeat for ${settings.NODE_HEARTBEAT_INTERVAL_MS * settings.NODE_HEARTBEAT_MISSES} ms`,
      action: `${agents.length} agents placed on other nodes, ${rerouted} tasks routed again`,
      outcome: "ok",
      durationMs: Date.now() - (lastBeatAt ?? detectedAt),
    });
    log.warn({ nodeId, agents: agents.length, rerouted }, "runner node lost; its agents move to other nodes");
  }
}
