/**
 * The reconciler's placement decision for one pass: which agents go onto which live node,
 * and which agents that should not run are left with a record to correct. Pure: the clusters'
 * agents and the live nodes in, the sets to write out.
 */
import { shouldRun } from "../cluster/agent-desired";
import type { ClusterStatus } from "../cluster/lifecycle";
import { placeAgents } from "./place-agents";

/** Statuses of an agent record that claim a running process. */
export const ALIVE_AGENT_STATUSES: readonly string[] = ["STARTING", "IDLE", "BUSY"];

export interface PlacementInput {
  clusters: ReadonlyArray<{
    status: ClusterStatus;
    agents: ReadonlyArray<{ id: string; status: string; removedAt: Date | null; nodeId: string | null }>;
  }>;
  /** The live nodes (heartbeat present) with their capacity. */
  nodes: ReadonlyArray<{ id: string; capacity: number }>;
}

export interface PlacementPlan {
  /** Agents that should run but sit on no live node, by the node they go to (recorded PENDING there). */
  assign: Map<string, string[]>;
  /** Agents no node has room for (tried again next pass). */
  unplaced: string[];
  /** Agents that should not run and never started (PENDING): recorded STOPPED. */
  neverStarted: string[];
  /** Agents that should not run, recorded alive on no node or a node that is gone: recorded STOPPED. */
  onLostNodes: string[];
}

export function planPlacement({ clusters, nodes }: PlacementInput): PlacementPlan {
  const live = new Set(nodes.map((n) => n.id));
  const onLiveNode = (a: { nodeId: string | null }) => a.nodeId !== null && live.has(a.nodeId);

  const wanted = clusters.flatMap((c) => c.agents.filter((a) => shouldRun(a, c.status)));
  const homeless = wanted.filter((a) => !onLiveNode(a)).map((a) => a.id);
  const assigned = (nodeId: string) => wanted.filter((a) => a.nodeId === nodeId).length;
  const { placed, unplaced } = homeless.length
    ? placeAgents(
        homeless,
        nodes.map((n) => ({ id: n.id, capacity: n.capacity, assigned: assigned(n.id) })),
      )
    : { placed: new Map<string, string>(), unplaced: [] };
  const assign = new Map<string, string[]>();
  for (const [agentId, nodeId] of placed) assign.set(nodeId, [...(assign.get(nodeId) ?? []), agentId]);

  const unwanted = clusters.flatMap((c) => c.agents.filter((a) => !shouldRun(a, c.status)));
  return {
    assign,
    unplaced,
    neverStarted: unwanted.filter((a) => a.status === "PENDING").map((a) => a.id),
    onLostNodes: unwanted.filter((a) => ALIVE_AGENT_STATUSES.includes(a.status) && !onLiveNode(a)).map((a) => a.id),
  };
}
