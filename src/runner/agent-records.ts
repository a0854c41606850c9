/** What the runner writes about its agents' processes. */

import type { ExitInfo } from "../domain/supervision/supervision";
import type { Database } from "../infra/database/client";

/** False when the agent is no longer this node's to run (moved elsewhere, or retired). */
export async function recordAgentStarting(db: Database, agentId: string, nodeId: string): Promise<boolean> {
  const { count } = await db.clusterAgent.updateMany({
    where: { id: agentId, nodeId, removedAt: null },
    data: { status: "STARTING", pid: null },
  });
  return count === 1;
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
