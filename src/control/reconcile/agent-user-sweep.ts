/**
 * The leader's sweep of agents' Redis users: a user whose agent runs nowhere any more is
 * dropped after a grace (domain/access/stray-agent-users). Runners make and drop users as their
 * agents start and stop; this is the level-triggered backstop for the drops a race or a Redis
 * outage made them miss, so no credential outlives its agent for long.
 */
import type { CoreDeps } from "../../core/deps";
import { strayReason, usersToDrop } from "../../domain/access/stray-agent-users";
import { agentIdOfUser, agentUserName } from "../../infra/acl/acl-rules";
import { deleteAclUsers, listAclUsers } from "../../infra/acl/redis-acl";

/** Longer than a start takes from making the user to recording the process. */
export const STRAY_USER_GRACE_MS = 3000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AgentUserSweep {
  private since = new Map<string, number>();
  /** Off for good once Redis says this user may not list users (agents then share its credentials). */
  private unsupported = false;

  constructor(private readonly deps: Pick<CoreDeps, "db" | "redis" | "log">) {}

  async sweep(liveNodes: ReadonlySet<string>): Promise<void> {
    if (this.unsupported) return;
    const { db, redis, log } = this.deps;
    let users: string[];
    try {
      users = await listAclUsers(redis);
    } catch (error) {
      this.unsupported = /NOPERM|no permissions/i.test((error as Error).message);
      if (!this.unsupported) throw error;
      return;
    }
    const agentIds = users.map(agentIdOfUser).filter((id): id is string => id !== undefined);
    const rows = await db.clusterAgent.findMany({
      where: { id: { in: agentIds.filter((id) => UUID.test(id)) } },
      select: { id: true, nodeId: true, pid: true, status: true },
    });
    const holdings = new Map(rows.map((row) => [row.id, row]));
    const stray = new Map<string, string>();
    for (const id of agentIds) {
      const reason = strayReason(holdings.get(id), liveNodes);
      if (reason) stray.set(id, reason);
    }
    const { drop, since } = usersToDrop(stray, this.since, Date.now(), STRAY_USER_GRACE_MS);
    this.since = since;
    if (!drop.length) return;
    await deleteAclUsers(redis, drop.map(agentUserName));
    for (const agentId of drop)
      log.warn({ agentId, reason: stray.get(agentId) }, "dropped the Redis user of an agent that runs nowhere");
  }
}
