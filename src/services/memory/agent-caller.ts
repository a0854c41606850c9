/**
 * Who an agent credential (`myzel-agent.<agentId>.<mac>`, see domain/memory/agent-credential.ts)
 * belongs to, checked against the agent's secret in Redis, and which namespaces its role may
 * read and write. A credential is never an API token: it opens the agent memory routes only.
 */

import { type MemoryGrants, memoryGrants, type RoleMemorySpec } from "../../domain/memory/access";
import { type AgentCredentialClaim, claimedAgent, credentialMatches } from "../../domain/memory/agent-credential";
import type { Database } from "../../infra/database/client";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";

export interface AgentCaller {
  agentId: string;
  clusterId: string;
  key: string;
  grants: MemoryGrants;
}

export function isAgentCredential(token: string): boolean {
  return claimedAgent(token) !== undefined;
}

export async function agentCallerFor(deps: { db: Database; redis: Redis }, token: string): Promise<AgentCaller | null> {
  const claim: AgentCredentialClaim | undefined = claimedAgent(token);
  if (!claim || !/^[0-9a-f-]{36}$/.test(claim.agentId)) return null;
  const secret = await deps.redis.get(keys.agentSecret(claim.agentId));
  if (!secret || !credentialMatches(claim, secret)) return null;
  const agent = await deps.db.clusterAgent.findUnique({
    where: { id: claim.agentId },
    select: { clusterId: true, agentKey: true, spec: true },
  });
  if (!agent) return null;
  const spec = agent.spec as { memory?: RoleMemorySpec | null };
  return { agentId: claim.agentId, clusterId: agent.clusterId, key: agent.agentKey, grants: memoryGrants(spec.memory) };
}
