/**
 * Memory as agents use it (the builtin behaviours, the llm runtime, `myzel-memory`): namespaces
 * by name, relative to the agent's cluster, limited to what its role was given. A granted
 * namespace that does not exist yet is made by the first write.
 */
import { chooseNamespace, type MemoryAccess } from "../../domain/memory/access";
import { formatNamespaceRef, scopeOf } from "../../domain/memory/names";
import type { MemoryNamespace } from "../../generated/prisma/client";
import { AppError } from "../app-error";
import type { AgentCaller } from "./agent-caller";
import { archivedNamespace, type writableNamespace } from "./namespaces";

type Db = Parameters<typeof writableNamespace>[0];

export const agentWriter = (agent: AgentCaller) => `agent:${agent.key}`;

/** The namespace an agent means, for reading (null when it does not exist yet) or writing (made if need be). */
export async function agentNamespace(
  db: Db,
  agent: AgentCaller,
  named: string | undefined,
  access: "read",
): Promise<MemoryNamespace | null>;
export async function agentNamespace(
  db: Db,
  agent: AgentCaller,
  named: string | undefined,
  access: "write",
): Promise<MemoryNamespace>;
export async function agentNamespace(db: Db, agent: AgentCaller, named: string | undefined, access: MemoryAccess) {
  const choice = chooseNamespace(agent.grants, named, access);
  if (!choice.ok) throw new AppError("FORBIDDEN", choice.reason, [{ path: "/namespace", message: choice.reason }]);
  const scope = scopeOf(choice.ref, agent.clusterId);
  const where = { scope_name: { scope, name: choice.ref.name } };
  const found = await db.memoryNamespace.findUnique({ where });
  if (access === "read") return found;
  if (found) {
    if (found.archivedAt) throw archivedNamespace(found);
    return found;
  }
  return db.memoryNamespace.upsert({
    where,
    create: { scope, clusterId: choice.ref.scope === "global" ? null : agent.clusterId, name: choice.ref.name },
    update: {},
  });
}

export function agentGrantsDto(agent: AgentCaller) {
  return {
    agent: agent.key,
    home: formatNamespaceRef(agent.grants.home),
    read: agent.grants.read.map(formatNamespaceRef),
    write: agent.grants.write.map(formatNamespaceRef),
  };
}
