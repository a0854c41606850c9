/** What the runner writes about its agents' processes. */

import type { CoreDeps } from "../core/deps";
import type { CircuitState } from "../domain/healing/restart-policy";
import type { ExitInfo } from "../domain/supervision/supervision";
import type { Database } from "../infra/database/client";
import type { AgentRef } from "./agent-healer";

/**
 * The process just forked (`pid`), not yet ready. False when the agent is no longer this node's
 * to run (moved elsewhere, or retired).
 */
export async function recordAgentStarting(
  db: Database,
  agentId: string,
  nodeId: string,
  pid: number | null,
): Promise<boolean> {
  const { count } = await db.clusterAgent.updateMany({
    where: { id: agentId, nodeId, removedAt: null },
    data: { status: "STARTING", pid },
  });
  return count === 1;
}

/** A start claimed by `recordAgentStarting` that never forked: the record says so instead of "starting". */
export function recordAgentNotStarted(db: Database, agentId: string, nodeId: string) {
  return db.clusterAgent.updateMany({
    where: { id: agentId, nodeId, status: "STARTING", pid: null },
    data: { status: "FAILED" },
  });
}

export function recordAgentReady(db: Database, agentId: string, pid: number) {
  return db.clusterAgent.update({ where: { id: agentId }, data: { status: "IDLE", pid, startedAt: new Date() } });
}

/** An expected exit (drained, stopped) is STOPPED; anything else is FAILED and counts as a restart. */
export function recordAgentExit(db: Database, agentId: string, nodeId: string, exit: ExitInfo, reason?: string) {
  // Only while the agent is still ours: if it was moved to another node, that node's record stands.
  return db.clusterAgent.updateMany({
    where: { id: agentId, nodeId },
    data: {
      status: exit.expected ? "STOPPED" : "FAILED",
      pid: null,
      lastExitCode: exit.code,
      lastExitSignal: exit.signal ?? reason ?? null,
      lastExitAt: new Date(),
      ...(exit.expected ? {} : { restartCount: { increment: 1 } }),
    },
  });
}

export type AgentStatusReport = "STARTING" | "IDLE" | "FAILED" | "STOPPED";

/** Tells the event stream an agent's status as this runner sees it (best effort). */
export async function publishAgentStatus(
  events: CoreDeps["events"],
  ref: AgentRef,
  circuit: CircuitState,
  status: AgentStatusReport,
  pid: number | null,
): Promise<void> {
  await events
    .publish({
      type: "agent.status",
      clusterId: ref.clusterId,
      at: new Date().toISOString(),
      agentId: ref.id,
      key: ref.key,
      status,
      pid,
      circuit,
    })
    .catch(() => {});
}
