/**
 * One pass of placement: reads the clusters' agents and the live nodes with their labels and
 * cordon marks, asks planPlacement, and writes the plan through the leader's fence. Agents
 * that wait carry the reason (shown with the agent); drains whose node is empty are finished.
 */

import type { Tx } from "../../core/leader-fence";
import type { HealingLog } from "../../core/logs/healing-log";
import { nodeMarks } from "../../core/nodes/node-marks";
import type { LiveNode } from "../../core/nodes/node-registry";
import { RUNNING_CLUSTER_STATUSES } from "../../domain/cluster/agent-desired";
import { ruleOf } from "../../domain/placement/placement-rule";
import { planPlacement } from "../../domain/placement/plan-placement";
import type { Database } from "../../infra/database/client";
import type { Logger } from "../../infra/logger";
import { agentPlacementSpec } from "../../schemas/node-labels";

export interface PlacementDeps {
  db: Database;
  log: Logger;
  healingLog: HealingLog;
  fence: <T>(write: (tx: Tx) => Promise<T>) => Promise<T>;
}

/**
 * The clusters first, then the live nodes: a node that was up when a cluster was created is in
 * the view that places its agents (read the other way round, a pass that began before the
 * node's first heartbeat would put a new cluster's agents on the nodes it knew, a spread role
 * all on one).
 */
export async function readPlacementInput(db: Database, readNodes: () => Promise<readonly LiveNode[]>) {
  const clusters = await db.cluster.findMany({
    where: { status: { in: [...RUNNING_CLUSTER_STATUSES, "DESTROYING", "HIBERNATED"] } },
    select: {
      id: true,
      status: true,
      agents: {
        select: {
          id: true,
          status: true,
          removedAt: true,
          nodeId: true,
          role: true,
          spec: true,
          moveRequestedAt: true,
          placementWait: true,
        },
      },
    },
  });
  const nodes = await readNodes();
  const marks = await nodeMarks(
    db,
    nodes.map((n) => n.id),
  );
  return {
    clusters: clusters.map((c) => ({
      ...c,
      agents: c.agents.map(({ spec, ...a }) => {
        const rule = ruleOf(agentPlacementSpec.parse(spec).placement);
        return rule ? { ...a, rule } : a;
      }),
    })),
    nodes: nodes.map((n) => {
      const mark = marks.get(n.id);
      return { id: n.id, capacity: n.capacity, labels: mark?.labels ?? {}, cordoned: mark?.cordoned ?? false };
    }),
  };
}

export type PlacementRead = Awaited<ReturnType<typeof readPlacementInput>>;

export async function applyPlacement(deps: PlacementDeps, input: PlacementRead): Promise<void> {
  const { log } = deps;
  const plan = planPlacement(input);
  const live = input.nodes.map((n) => n.id);
  const agents = input.clusters.flatMap((c) => c.agents);
  const waitChanged = agents.filter((a) => (plan.waiting.get(a.id) ?? null) !== a.placementWait);
  const assigned = new Set([...plan.assign.values()].flat());
  if (!plan.assign.size && !waitChanged.length && !plan.neverStarted.length && !plan.onLostNodes.length) return;
  await deps.fence(async (tx) => {
    for (const [nodeId, ids] of plan.assign)
      await tx.clusterAgent.updateMany({
        where: { id: { in: ids } },
        data: { nodeId, status: "PENDING", pid: null, moveRequestedAt: null, placementWait: null },
      });
    for (const agent of waitChanged.filter((a) => !assigned.has(a.id)))
      await tx.clusterAgent.updateMany({
        where: { id: agent.id },
        data: { placementWait: plan.waiting.get(agent.id) ?? null },
      });
    // Conditional on what was read: a runner may have started the process meanwhile, and a record
    // that says STOPPED while its process runs would hide that process from everyone.
    if (plan.neverStarted.length)
      await tx.clusterAgent.updateMany({
        where: { id: { in: plan.neverStarted }, status: "PENDING" },
        data: { status: "STOPPED", pid: null },
      });
    if (plan.onLostNodes.length)
      await tx.clusterAgent.updateMany({
        where: { id: { in: plan.onLostNodes }, OR: [{ nodeId: null }, { nodeId: { notIn: live } }] },
        data: { status: "STOPPED", pid: null },
      });
  });
  if (plan.unplaced.length)
    log.warn({ agents: plan.unplaced.length, nodes: live.length }, "some agents wait: no node takes them");
}

/**
 * A draining node that holds no agent any more has drained: the drain ends (it stays cordoned,
 * ready to be removed) and its entry in the healing history gets the outcome and duration.
 */
export async function finishDrains(deps: PlacementDeps): Promise<void> {
  const draining = await deps.db.node.findMany({
    where: { drainingAt: { not: null } },
    select: {
      id: true,
      drainingAt: true,
      _count: { select: { agents: { where: { status: { in: ["PENDING", "STARTING", "IDLE", "BUSY"] } } } } },
    },
  });
  for (const node of draining.filter((n) => n._count.agents === 0)) {
    const { count } = await deps.db.node.updateMany({
      where: { id: node.id, drainingAt: node.drainingAt },
      data: { drainingAt: null },
    });
    if (!count) continue;
    const entry = await deps.db.healingEvent.findFirst({
      where: { kind: "node_drained", nodeId: node.id, outcome: "pending" },
      orderBy: { at: "desc" },
      select: { id: true },
    });
    if (entry)
      await deps.healingLog.finish(entry.id, "ok", {
        action: "every agent finished its work and started on another node; the node stays cordoned",
        durationMs: Date.now() - node.drainingAt!.getTime(),
      });
  }
}
