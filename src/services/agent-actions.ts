/**
 * One agent, as a person looks after it: its kept output, a restart (it finishes what it holds,
 * stops, and starts again), and removing an agent that was added by hand. Planned agents are
 * not removed one by one: their count is the cluster's scale, and the reconciler would start
 * the missing one again.
 */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { OUTPUT_KEPT_LINES, readAgentOutput } from "../core/logs/agent-output";
import { ALIVE_AGENT_STATUSES } from "../domain/placement/plan-placement";
import { channels } from "../infra/bus";
import type { agentActionInput, agentOutputInput } from "../schemas/agent-output-api";
import { AppError, notFound } from "./app-error";
import { changeDesiredState, type Tx } from "./cluster-lifecycle";
import { lockCluster } from "./clusters";

type ActionDeps = Pick<CoreDeps, "db" | "bus" | "events" | "healingLog" | "requestReconcile">;

async function findAgent(tx: Tx, clusterId: string, agentId: string) {
  const agent = await tx.clusterAgent.findFirst({ where: { id: agentId, clusterId } });
  if (!agent) throw notFound("agent", agentId);
  return agent;
}

export async function agentOutput(deps: Pick<CoreDeps, "db" | "redis">, input: z.infer<typeof agentOutputInput>) {
  await findAgent(deps.db, input.id, input.agentId);
  const { lines, next } = await readAgentOutput(deps.redis, input.agentId, input);
  return { agentId: input.agentId, lines, next, keptLines: OUTPUT_KEPT_LINES };
}

/** Marked to move (as a node's drain does): its runner stops it once its work is done, and it is placed again. */
export async function restartAgent(deps: ActionDeps, input: z.infer<typeof agentActionInput>, actor: string) {
  const agent = await findAgent(deps.db, input.id, input.agentId);
  if (agent.removedAt) throw new AppError("CONFLICT", `agent ${agent.agentKey} was removed; it cannot be restarted`);
  if (!ALIVE_AGENT_STATUSES.includes(agent.status))
    throw new AppError("CONFLICT", `agent ${agent.agentKey} is ${agent.status}: only a running agent can be restarted`);
  const { count } = await deps.db.clusterAgent.updateMany({
    where: { id: agent.id, moveRequestedAt: null },
    data: { moveRequestedAt: new Date() },
  });
  if (count === 0) throw new AppError("CONFLICT", `agent ${agent.agentKey} is already restarting`);
  const detail = "it finishes the tasks it holds, stops, and starts again (on another node when there is one)";
  await deps.healingLog.record({
    kind: "manual_heal",
    severity: "info",
    subject: `agent ${agent.agentKey}`,
    clusterId: agent.clusterId,
    agentId: agent.id,
    actor,
    detail: `restart asked by ${actor}`,
    action: detail,
    response: "acted",
    outcome: "ok",
  });
  if (agent.nodeId) await deps.bus.publish(channels.nodeSync(agent.nodeId), { type: "reconcile" }).catch(() => {});
  deps.requestReconcile();
  return { agentId: agent.id, action: "restart" as const, detail };
}

const REMOVED = "removed: it finishes the tasks it holds and stops";

export async function removeAgent(deps: ActionDeps, input: z.infer<typeof agentActionInput>, actor: string) {
  const { agent, changed } = await deps.db.$transaction(async (tx) => {
    const cluster = await lockCluster(tx, input.id);
    const agent = await findAgent(tx, input.id, input.agentId);
    if (!agent.addedManually)
      throw new AppError(
        "CONFLICT",
        `agent ${agent.agentKey} is one of the blueprint's planned agents: scale its role down instead`,
      );
    // Asked again: the same answer, nothing changed.
    if (agent.removedAt) return { agent, changed: false };
    await changeDesiredState(tx, cluster, undefined, {}, `agent ${agent.agentKey} removed by ${actor}`);
    // Its own subordinates (added by hand under it) move up to its manager.
    await tx.clusterAgent.updateMany({
      where: { reportsToId: agent.id, removedAt: null },
      data: { reportsToId: agent.reportsToId },
    });
    // Its status stays: the runner drains and stops it and records that, as for a retired agent.
    await tx.clusterAgent.update({ where: { id: agent.id }, data: { removedAt: new Date() } });
    return { agent, changed: true };
  });
  if (!changed) return { agentId: agent.id, action: "remove" as const, detail: REMOVED };
  await deps.events.publish({
    type: "cluster.agents",
    clusterId: input.id,
    at: new Date().toISOString(),
    added: 0,
    removed: 1,
  });
  if (agent.nodeId) await deps.bus.publish(channels.nodeSync(agent.nodeId), { type: "reconcile" }).catch(() => {});
  deps.requestReconcile();
  return { agentId: agent.id, action: "remove" as const, detail: REMOVED };
}
