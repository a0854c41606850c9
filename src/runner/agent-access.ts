/**
 * Each agent reaches Redis as its own ACL user, limited to what it needs (infra/acl/acl-rules),
 * with a random password; the server's credentials never leave the runner. The runner creates
 * the user right before the agent starts (a warm spare gets its address with its init message,
 * so that works for spares too), drops it when the process is gone, and creates the users of
 * its live agents again whenever its Redis connection is ready again (a restarted Redis has
 * forgotten them; the agents keep trying to sign in until then).
 *
 * Each agent also gets a secret it signs its reports with, kept in Redis where no agent's user
 * can read it, so the result recorder can tell who really reported.
 *
 * When the runner's own Redis user may not manage ACL users (a restricted user on a managed
 * Redis), it says so once and agents share the runner's credentials.
 */

import { agentProviderNamed, providerNameOf } from "../core/providers/provider-records";
import { agentAclRules, agentIdOfUser, agentUserName } from "../infra/acl/acl-rules";
import {
  canManageAclUsers,
  deleteAclUsers,
  listAclUsers,
  randomSecret,
  redisUrlFor,
  setAclUser,
} from "../infra/acl/redis-acl";
import type { Database } from "../infra/database/client";
import { keys } from "../infra/keys";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import type { AgentProvider } from "../schemas/provider-api";

/** How long an agent's secret outlives it: its last reports may still be on their way to the recorder. */
const SECRET_AFTERLIFE_SECONDS = 3600;

interface Grant {
  clusterId: string;
  /** The provider its role names, whose limiter it may use. */
  provider: string | undefined;
  password: string;
  secret: string;
  /** Its user should exist now (a process runs or starts). */
  live: boolean;
}

export interface AgentAccessDeps {
  db: Database;
  redis: Redis;
  /** The runner's own Redis address, with the server's credentials. */
  redisUrl: string;
  nodeId: string;
  log: Logger;
}

export class AgentAccess {
  private readonly grants = new Map<string, Grant>();
  /** Whether agents get users of their own; decided at start. */
  private perAgentUsers = false;

  constructor(private readonly deps: AgentAccessDeps) {}

  /** Checks what the runner's Redis user may do, and drops users a previous life of this node left behind. */
  async start(): Promise<void> {
    const check = await canManageAclUsers(this.deps.redis);
    this.perAgentUsers = check.ok;
    if (!check.ok) {
      this.deps.log.warn(
        { reason: check.reason },
        "this Redis user may not manage ACL users: agents will share the server's Redis credentials (give REDIS_URL a user allowed ACL SETUSER/DELUSER to confine each agent to its own keys)",
      );
      return;
    }
    const mine = new Set(
      (await this.deps.db.clusterAgent.findMany({ where: { nodeId: this.deps.nodeId }, select: { id: true } })).map(
        (a) => a.id,
      ),
    );
    const leftovers = (await listAclUsers(this.deps.redis)).filter((user) => mine.has(agentIdOfUser(user) ?? ""));
    await deleteAclUsers(this.deps.redis, leftovers);
  }

  /** The agent's Redis address and signing secret, its user created (or renewed) first. */
  async grant(agent: { id: string; clusterId: string; spec: unknown }): Promise<{
    redisUrl: string;
    resultSecret: string;
    memoryUrl: string | null;
    provider: AgentProvider | undefined;
  }> {
    const providerName = providerNameOf(agent.spec);
    const grant = this.grants.get(agent.id) ?? {
      clusterId: agent.clusterId,
      provider: providerName,
      password: randomSecret(),
      secret: randomSecret(),
      live: false,
    };
    grant.provider = providerName;
    grant.live = true;
    this.grants.set(agent.id, grant);
    await this.apply(agent.id, grant);
    const user = agentUserName(agent.id);
    return {
      redisUrl: this.perAgentUsers ? redisUrlFor(this.deps.redisUrl, user, grant.password) : this.deps.redisUrl,
      resultSecret: grant.secret,
      memoryUrl: await this.deps.redis.get(keys.memoryUrl),
      provider: providerName ? await agentProviderNamed(this.deps.db, providerName) : undefined,
    };
  }

  /** The agent's process is gone: its user goes too (its secret stays: a restart signs with it again). */
  async revoke(agentId: string): Promise<void> {
    const grant = this.grants.get(agentId);
    if (grant) grant.live = false;
    if (this.perAgentUsers) await deleteAclUsers(this.deps.redis, [agentUserName(agentId)]);
  }

  /** The agent is no longer this runner's: nothing of it is kept; its secret expires after a while. */
  async forget(agentId: string): Promise<void> {
    if (!this.grants.has(agentId)) return;
    this.grants.delete(agentId);
    if (this.perAgentUsers) await deleteAclUsers(this.deps.redis, [agentUserName(agentId)]);
    await this.deps.redis.expire(keys.agentSecret(agentId), SECRET_AFTERLIFE_SECONDS);
  }

  /** The runner stops: every user it made goes. */
  async revokeAll(): Promise<void> {
    await Promise.all([...this.grants.keys()].map((id) => this.forget(id)));
  }

  /** Redis is back (perhaps a new one, without the users and secrets): everything live is made again. */
  async reapply(): Promise<void> {
    for (const [agentId, grant] of this.grants)
      if (grant.live)
        await this.apply(agentId, grant).catch((error: Error) =>
          this.deps.log.warn({ err: error.message, agentId }, "could not create an agent's Redis user again"),
        );
  }

  private async apply(agentId: string, grant: Grant): Promise<void> {
    const { redis } = this.deps;
    await redis.set(keys.agentSecret(agentId), grant.secret);
    if (this.perAgentUsers)
      await setAclUser(
        redis,
        agentUserName(agentId),
        { password: grant.password },
        agentAclRules({ agentId, clusterId: grant.clusterId, provider: grant.provider }),
      );
  }
}
