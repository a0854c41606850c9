/**
 * What an operator does with nodes: cordon (no new agents), uncordon, drain (every agent moves
 * off: it finishes its work, stops, and starts on another node), rebalance (agents move off
 * crowded nodes the same way), remove (a node that is gone). Moves are marks the runner and the
 * reconciler act on (moveRequestedAt), so an agent never runs on two nodes at once.
 */
import type { CoreDeps } from "../core/deps";
import { liveNodes } from "../core/nodes/node-registry";
import { ruleOf } from "../domain/placement/placement-rule";
import { planRebalance } from "../domain/placement/plan-rebalance";
import { channels } from "../infra/bus";
import { agentPlacementSpec, nodeLabelsSchema } from "../schemas/node-labels";
import { AppError } from "./app-error";
import { getNode } from "./nodes";

type Deps = Pick<CoreDeps, "db" | "redis" | "bus" | "healingLog" | "requestReconcile">;

const RUNNING = ["STARTING", "IDLE", "BUSY", "PENDING"] as const;

export async function cordonNode(deps: Deps, id: string) {
  await getNode(deps, id);
  await deps.db.node.update({ where: { id }, data: { cordoned: true } });
  deps.requestReconcile();
  return { node: await getNode(deps, id), moved: 0 };
}

/** Takes new agents again; a drain in progress stops, and agents not yet moved stay. */
export async function uncordonNode(deps: Deps, id: string, actor: string) {
  const before = await getNode(deps, id);
  await deps.db.node.update({ where: { id }, data: { cordoned: false, drainingAt: null } });
  await deps.db.clusterAgent.updateMany({
    where: { nodeId: id, moveRequestedAt: { not: null } },
    data: { moveRequestedAt: null },
  });
  if (before.state === "draining") {
    const entry = await deps.db.healingEvent.findFirst({
      where: { kind: "node_drained", nodeId: id, outcome: "pending" },
      orderBy: { at: "desc" },
    });
    if (entry)
      await deps.healingLog.finish(entry.id, "failed", {
        action: `drain stopped: ${actor} uncordoned the node`,
        durationMs: Date.now() - entry.at.getTime(),
      });
  }
  await nudge(deps, id);
  return { node: await getNode(deps, id), moved: 0 };
}

export async function drainNode(deps: Deps, id: string, actor: string) {
  const node = await getNode(deps, id);
  if (node.state === "lost")
    throw new AppError("CONFLICT", `node "${id}" is lost: its agents already moved; remove it instead`);
  const drainingAt = node.drainingSince ? new Date(node.drainingSince) : new Date();
  await deps.db.node.update({ where: { id }, data: { cordoned: true, drainingAt } });
  const { count } = await deps.db.clusterAgent.updateMany({
    where: { nodeId: id, removedAt: null, moveRequestedAt: null, status: { in: [...RUNNING] } },
    data: { moveRequestedAt: new Date() },
  });
  if (!node.drainingSince)
    await deps.healingLog.start({
      kind: "node_drained",
      severity: "info",
      subject: `node ${id}`,
      nodeId: id,
      actor,
      detail: `drain asked by ${actor}`,
      action: `${count} agents finish their work and move to other nodes`,
    });
  await nudge(deps, id);
  return { node: await getNode(deps, id), moved: count };
}

/** Moves agents off crowded nodes onto emptier ones (by share of capacity), within placement rules. */
export async function rebalanceNodes(deps: Deps, actor: string, why = `asked by ${actor}`) {
  const startedAt = Date.now();
  const live = await liveNodes(deps.redis);
  const rows = await deps.db.node.findMany({ where: { id: { in: live.map((n) => n.id) } } });
  const agents = await deps.db.clusterAgent.findMany({
    where: {
      nodeId: { in: live.map((n) => n.id) },
      removedAt: null,
      moveRequestedAt: null,
      status: { in: ["IDLE", "BUSY"] },
    },
    select: { id: true, nodeId: true, clusterId: true, role: true, spec: true },
    orderBy: { startedAt: "asc" },
  });
  const moves = planRebalance(
    live.map((n) => {
      const row = rows.find((r) => r.id === n.id);
      const labels = nodeLabelsSchema.safeParse(row?.labels ?? {});
      return {
        id: n.id,
        capacity: n.capacity,
        labels: labels.success ? labels.data : {},
        cordoned: row?.cordoned ?? false,
        agents: agents
          .filter((a) => a.nodeId === n.id)
          .map((a) => {
            const rule = ruleOf(agentPlacementSpec.parse(a.spec).placement);
            return { id: a.id, group: `${a.clusterId}:${a.role}`, ...(rule ? { rule } : {}) };
          }),
      };
    }),
  );
  if (moves.length)
    await deps.db.clusterAgent.updateMany({ where: { id: { in: moves } }, data: { moveRequestedAt: new Date() } });
  const from = [...new Set(agents.filter((a) => moves.includes(a.id)).map((a) => a.nodeId!))].map((nodeId) => ({
    nodeId,
    agents: agents.filter((a) => a.nodeId === nodeId && moves.includes(a.id)).length,
  }));
  await deps.healingLog.record({
    kind: "node_rebalanced",
    severity: "info",
    subject: from.length ? `nodes ${from.map((f) => f.nodeId).join(", ")}` : "nodes",
    actor,
    detail: `rebalance ${why}`,
    action: moves.length
      ? `${moves.length} agents move to emptier nodes after finishing their work`
      : "nodes already even",
    response: moves.length ? "acted" : "clear",
    outcome: "ok",
    durationMs: Date.now() - startedAt,
  });
  for (const f of from) await nudge(deps, f.nodeId);
  return { moved: moves.length, from };
}

/** Forgets a node that is gone (lost, or stopped). A live one is drained and its runner stopped first. */
export async function removeNode(deps: Deps, id: string) {
  const node = await getNode(deps, id);
  if (node.lastHeartbeatAt)
    throw new AppError("CONFLICT", `node "${id}" still beats: drain it, stop its runner (SIGTERM), then remove it`);
  await deps.db.clusterAgent.updateMany({ where: { nodeId: id }, data: { nodeId: null } });
  await deps.db.node.delete({ where: { id } });
  deps.requestReconcile();
  return node;
}

/** The node's runner looks at its agents now, and the control plane places what moves. */
async function nudge(deps: Deps, nodeId: string) {
  await deps.bus.publish(channels.nodeSync(nodeId), { type: "reconcile" }).catch(() => {});
  deps.requestReconcile();
}
