/**
 * Which agents' Redis users should no longer exist. A runner creates an agent's user right
 * before the process starts and drops it when the process is gone; a race (an agent forgotten
 * while its user was being made, a runner stopped mid-start, a drop that failed while Redis was
 * away) can leave one behind, a credential nothing uses. A runner records an agent STARTING
 * before it makes the user, so a user whose agent is PENDING, FAILED or STOPPED with no process
 * serves nothing. Pure: the agents' records and the live nodes in, the verdicts out; the sweep
 * that acts on them still waits out a grace, for the records and the users are not read at once.
 */

/** What the records say of the agent a user belongs to (undefined: no such agent). */
export interface AgentHolding {
  nodeId: string | null;
  pid: number | null;
  status: string;
}

/** Statuses in which no process of the agent runs: a user then serves nothing. */
const WITHOUT_PROCESS = new Set(["PENDING", "FAILED", "STOPPED"]);

/** Why the agent's user is stray, or undefined while a process of it may run. */
export function strayReason(holding: AgentHolding | undefined, liveNodes: ReadonlySet<string>): string | undefined {
  if (!holding) return "no such agent";
  if (!holding.nodeId) return "the agent is on no node";
  if (!liveNodes.has(holding.nodeId)) return `its node ${holding.nodeId} is not live`;
  if (holding.pid === null && WITHOUT_PROCESS.has(holding.status)) return `the agent is ${holding.status}, no process`;
  return undefined;
}

/**
 * Users stray now and also at the previous sweep at least `graceMs` ago are dropped; `since`
 * (agent id → when first seen stray) is the sweep's memory, returned updated.
 */
export function usersToDrop(
  stray: ReadonlyMap<string, string>,
  since: ReadonlyMap<string, number>,
  now: number,
  graceMs: number,
): { drop: string[]; since: Map<string, number> } {
  const next = new Map<string, number>();
  const drop: string[] = [];
  for (const agentId of stray.keys()) {
    const first = since.get(agentId) ?? now;
    if (now - first >= graceMs) drop.push(agentId);
    else next.set(agentId, first);
  }
  return { drop, since: next };
}
