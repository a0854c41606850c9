/**
 * Waiting tasks that no agent of their cluster can ever take fail with the reason (see
 * domain/routing/unroutable) instead of waiting forever.
 */
import type { TaskStore } from "../../core/tasks/task-store";
import { type RoutingFacts, type WaitingTask, whyUnroutable } from "../../domain/routing/unroutable";
import type { Database } from "../../infra/database/client";
import { parseCount } from "../../schemas/blueprint";
import { blueprintOf } from "../../services/blueprints";

export async function failUnroutable(
  deps: { db: Database; tasks: TaskStore },
  clusterId: string,
  waiting: ReadonlyArray<WaitingTask & { id: string }>,
): Promise<number> {
  if (!waiting.length) return 0;
  const cluster = await deps.db.cluster.findUnique({
    where: { id: clusterId },
    include: { blueprint: true, agents: { where: { removedAt: null }, select: { id: true, capabilities: true } } },
  });
  if (!cluster) return 0;
  const blueprint = blueprintOf(cluster.blueprint);
  const roleMaxima = new Map(
    blueprint.agents.map((role) => [role.role, Math.min(parseCount(role.count).max, cluster.maxWorkers)]),
  );
  const facts: RoutingFacts = {
    roleMaxima,
    capabilities: new Set([
      ...blueprint.agents.filter((role) => roleMaxima.get(role.role)! > 0).flatMap((role) => role.capabilities),
      ...cluster.agents.flatMap((a) => a.capabilities),
    ]),
    liveAgentIds: new Set(cluster.agents.map((a) => a.id)),
  };
  const byReason = new Map<string, string[]>();
  for (const task of waiting) {
    const reason = whyUnroutable(task, facts);
    if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), task.id]);
  }
  let failed = 0;
  for (const [reason, ids] of byReason) failed += (await deps.tasks.fail(ids, reason)).length;
  return failed;
}
