/**
 * The reconciler's placement decision for one pass: which agents go onto which live node,
 * which wait (and why), and which agents that should not run are left with a record to
 * correct. Pure: the clusters' agents and the live nodes in, the sets to write out.
 */
import { shouldRun } from "../cluster/agent-desired";
import type { ClusterStatus } from "../cluster/lifecycle";
import { type AgentToPlace, placeAgents } from "./place-agents";
import type { PlacementRule } from "./placement-rule";

/** Statuses of an agent record that claim a running process. */
export const ALIVE_AGENT_STATUSES: readonly string[] = ["STARTING", "IDLE", "BUSY"];

export interface PlacementAgent {
  id: string;
  status: string;
  removedAt: Date | null;
  nodeId: string | null;
  role?: string;
  rule?: PlacementRule;
  /** A drain or rebalance asked it to move off its node. */
  moveRequestedAt?: Date | null;
}

export interface PlacementInput {
  clusters: ReadonlyArray<{ id?: string; status: ClusterStatus; agents: readonly PlacementAgent[] }>;
  /** The live nodes (heartbeat present) with their capacity, labels and whether they take new agents. */
  nodes: ReadonlyArray<{ id: string; capacity: number; labels?: Readonly<Record<string, string>>; cordoned?: boolean }>;
}

export interface PlacementPlan {
  /** Agents that should run but sit on no live node (or are moving off one), by the node they go to. */
  assign: Map<string, string[]>;
  /** Agents no node takes (tried again next pass). */
  unplaced: string[];
  /** Why each unplaced agent waits. */
  waiting: Map<string, string>;
  /** Agents that should not run and never started (PENDING): recorded STOPPED. */
  neverStarted: string[];
  /** Agents that should not run, recorded alive on no node or a node that is gone: recorded STOPPED. */
  onLostNodes: string[];
}

export function planPlacement({ clusters, nodes }: PlacementInput): PlacementPlan {
  const live = new Set(nodes.map((n) => n.id));
  const onLiveNode = (a: { nodeId: string | null }) => a.nodeId !== null && live.has(a.nodeId);
  const cordoned = new Set(nodes.filter((n) => n.cordoned).map((n) => n.id));
  // A moving agent leaves once its process is gone: never two processes of one agent. One without
  // a process on a cordoned node (its cluster slept, or it crashed) starts elsewhere, as a new one would.
  const moving = (a: PlacementAgent) =>
    (Boolean(a.moveRequestedAt) || (a.nodeId !== null && cordoned.has(a.nodeId))) &&
    !ALIVE_AGENT_STATUSES.includes(a.status);
  const wanted = clusters.flatMap((c) =>
    c.agents.filter((a) => shouldRun(a, c.status)).map((a) => ({ ...a, group: `${c.id ?? ""}:${a.role ?? ""}` })),
  );
  const homeless = wanted.filter((a) => !onLiveNode(a) || moving(a));
  const staying = wanted.filter((a) => !homeless.includes(a));
  const toPlace: AgentToPlace[] = homeless.map((a) => ({
    id: a.id,
    group: a.group,
    ...(a.rule ? { rule: a.rule } : {}),
    ...(a.nodeId && onLiveNode(a) ? { avoid: a.nodeId } : {}),
  }));
  const { placed, unplaced, reasons } = toPlace.length
    ? placeAgents(
        toPlace,
        nodes.map((n) => {
          const here = staying.filter((a) => a.nodeId === n.id);
          const groups = new Map<string, number>();
          for (const a of here) groups.set(a.group, (groups.get(a.group) ?? 0) + 1);
          return {
            id: n.id,
            capacity: n.capacity,
            assigned: here.length,
            labels: n.labels,
            cordoned: n.cordoned,
            groups,
          };
        }),
      )
    : { placed: new Map<string, string>(), unplaced: [], reasons: new Map<string, string>() };
  const assign = new Map<string, string[]>();
  for (const [agentId, nodeId] of placed) assign.set(nodeId, [...(assign.get(nodeId) ?? []), agentId]);
  const unwanted = clusters.flatMap((c) => c.agents.filter((a) => !shouldRun(a, c.status)));
  return {
    assign,
    unplaced,
    waiting: reasons,
    neverStarted: unwanted.filter((a) => a.status === "PENDING").map((a) => a.id),
    onLostNodes: unwanted.filter((a) => ALIVE_AGENT_STATUSES.includes(a.status) && !onLiveNode(a)).map((a) => a.id),
  };
}
