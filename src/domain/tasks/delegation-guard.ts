/**
 * Whether an agent may hand a subtask to another: the parent must still be open and held by
 * the delegating agent, the depth and the root task's budget of subtasks must not be exceeded,
 * the target must be an active agent that reports to the delegator, and never one already up
 * the chain (a cycle). Pure: what was read in, the refusal (or none) out.
 */
import { FINISHED_TASK_STATES, type TaskState } from "./task-states";

export interface DelegationParent {
  id: string;
  status: TaskState;
  agentId: string | null;
  rootTaskId: string | null;
  depth: number;
  chain: readonly string[];
}

/** Where the subtask sits in its tree: under the parent's root, one level deeper, with the delegator on the chain. */
export function delegationLineage(parent: DelegationParent, fromAgentId: string) {
  return { rootTaskId: parent.rootTaskId ?? parent.id, depth: parent.depth + 1, chain: [...parent.chain, fromAgentId] };
}

export interface DelegationCheck {
  parent: DelegationParent;
  fromAgentId: string;
  /** The named target when it is an active agent of the parent's cluster, else null. */
  target: { id: string; agentKey: string; reportsToId: string | null } | null;
  targetAgentId?: string | null;
  /** Subtasks of the root task counted so far, this one included. */
  budgetUsed: number;
  limits: { maxDepth: number; budget: number };
}

/** The reason the delegation is refused, or undefined when it may go ahead. The first guard that fails speaks. */
export function delegationRefusal(check: DelegationCheck): string | undefined {
  const { parent, fromAgentId, target, budgetUsed, limits } = check;
  const { depth, chain } = delegationLineage(parent, fromAgentId);
  if ((FINISHED_TASK_STATES as readonly TaskState[]).includes(parent.status))
    return `the parent task is already ${parent.status}`;
  if (parent.status === "AWAITING_APPROVAL") return "the parent task still waits for approval";
  if (parent.agentId !== fromAgentId) return "only the agent holding the parent task may delegate it";
  if (depth > limits.maxDepth) return `delegation deeper than ${limits.maxDepth} levels (MYZEL_DELEGATION_MAX_DEPTH)`;
  if (budgetUsed > limits.budget)
    return `the root task's budget of ${limits.budget} subtasks is spent (MYZEL_DELEGATION_BUDGET)`;
  if (!target) return `agent ${check.targetAgentId ?? "(none)"} is not an active agent of this cluster`;
  if (chain.includes(target.id)) return "the target already delegated this work (a cycle)";
  if (target.reportsToId !== fromAgentId) return `${target.agentKey} does not report to the delegating agent`;
  return undefined;
}
