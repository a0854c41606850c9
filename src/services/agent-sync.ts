/**
 * Makes a cluster's recorded agents match the blueprint's plan for per-role counts: adds the
 * planned agents that are missing, re-attaches moved ones to their planned manager, and
 * retires agents the plan no longer has. Agents added by hand are kept.
 *
 * Plans are compared by key among live agents only: a retired agent keeps its row and key
 * (it may still be draining), and a new agent at the same place gets the key with a new id.
 * Everything at run time (queues, heartbeats, processes, tasks) goes by id.
 */
import { randomUUID } from "node:crypto";
import { agentSpecOf, type PlannedAgent, planAgentsFor } from "../domain/blueprint/plan-agents";
import type { RoleCounts } from "../domain/scaling/role-targets";
import type { Blueprint } from "../schemas/blueprint";
import type { Tx } from "./cluster-lifecycle";

export async function syncAgentsToPlan(tx: Tx, clusterId: string, blueprint: Blueprint, counts: Readonly<RoleCounts>) {
  const plan = planAgentsFor(blueprint, counts);
  const active = await tx.clusterAgent.findMany({ where: { clusterId, removedAt: null } });
  const planned = active.filter((a) => !a.addedManually);
  const idByKey = new Map(planned.map((a) => [a.agentKey, a.id]));
  const wanted = new Set(plan.map((p) => p.key));

  // Parents come before children in the plan, so every parent key has an id when needed.
  const toCreate: Array<{ id: string; plan: PlannedAgent }> = [];
  for (const agent of plan)
    if (!idByKey.has(agent.key)) {
      const id = randomUUID();
      idByKey.set(agent.key, id);
      toCreate.push({ id, plan: agent });
    }
  if (toCreate.length) {
    await tx.clusterAgent.createMany({
      data: toCreate.map(({ id, plan: p }) => ({
        id,
        clusterId,
        agentKey: p.key,
        role: p.role,
        tier: p.tier,
        name: p.name,
        capabilities: p.capabilities,
        reportsToId: p.parentKey ? idByKey.get(p.parentKey)! : null,
        spec: agentSpecOf(p) as object,
      })),
    });
  }

  for (const agent of plan) {
    const existing = planned.find((a) => a.agentKey === agent.key);
    const parentId = agent.parentKey ? idByKey.get(agent.parentKey)! : null;
    if (existing && existing.reportsToId !== parentId) {
      await tx.clusterAgent.update({ where: { id: existing.id }, data: { reportsToId: parentId } });
    }
  }

  const retired = planned.filter((a) => !wanted.has(a.agentKey));
  if (retired.length) {
    const retiredIds = retired.map((a) => a.id);
    // Retired agents keep their status: the runner drains and stops them and records it.
    await tx.clusterAgent.updateMany({ where: { id: { in: retiredIds } }, data: { removedAt: new Date() } });
    // Hand-added agents under a retired manager move up to the cluster's root.
    const root = plan.find((p) => p.parentKey === null);
    await tx.clusterAgent.updateMany({
      where: { clusterId, removedAt: null, reportsToId: { in: retiredIds } },
      data: { reportsToId: root ? idByKey.get(root.key)! : null },
    });
  }
  return { added: toCreate.length, removed: retired.length };
}
