/**
 * Which tasks wait for a person's approval, and under which role's policy. A task is held when
 * any agent it could be routed to has a role that requires approval: a task for that role, for
 * one of its agents, for a capability the role has, or for any agent of a cluster that has such
 * a role. Holding what might reach the role, rather than steering around it, means no task
 * reaches an approval role unapproved, whatever its target.
 */
import type { RoleApproval } from "../../schemas/blueprint-approval";
import { type ApprovalTimeoutAction, DEFAULT_APPROVAL_TIMEOUT_SECONDS } from "../../schemas/blueprint-approval";
import type { TaskSpec } from "../../schemas/task-api";

export interface ApprovalPolicy {
  role: string;
  timeoutSeconds: number;
  onTimeout: ApprovalTimeoutAction;
}

export interface ApprovalRole {
  role: string;
  capabilities: readonly string[];
  approval?: RoleApproval;
}

export type ApprovalTarget =
  | { kind: "role"; value: string }
  | { kind: "capability"; value: string }
  /** An agent: `value` is the role of the agent named. */
  | { kind: "agent"; value: string }
  | { kind: "any" };

/** The role's policy, or null when its tasks need no approval. */
export function policyOf(role: ApprovalRole): ApprovalPolicy | null {
  const approval = role.approval;
  if (approval === undefined) return null;
  if (approval === "required")
    return { role: role.role, timeoutSeconds: DEFAULT_APPROVAL_TIMEOUT_SECONDS, onTimeout: "reject" };
  if (!approval.required) return null;
  return { role: role.role, timeoutSeconds: approval.timeout_seconds, onTimeout: approval.on_timeout };
}

function mayReach(role: ApprovalRole, target: ApprovalTarget): boolean {
  if (target.kind === "any") return true;
  if (target.kind === "capability") return role.capabilities.includes(target.value);
  return role.role === target.value;
}

/** The policy a task to `target` is held under, or null when it goes to routing at once. */
export function approvalFor(roles: readonly ApprovalRole[], target: ApprovalTarget): ApprovalPolicy | null {
  const candidates = roles.filter((role) => mayReach(role, target));
  // Of several roles that need approval, the one whose decision comes due first rules.
  const policies = candidates.map(policyOf).filter((p): p is ApprovalPolicy => p !== null);
  return policies.sort((a, b) => a.timeoutSeconds - b.timeoutSeconds)[0] ?? null;
}

/** The approval policy each task of a submission is held under (null: routed at once). */
export function approvalsOf(
  roles: readonly ApprovalRole[],
  specs: readonly TaskSpec[],
  /** The role of each agent a task names. */
  roleOfAgent: ReadonlyMap<string, string>,
): Array<ApprovalPolicy | null> {
  return specs.map((spec) => {
    if (spec.role) return approvalFor(roles, { kind: "role", value: spec.role });
    if (spec.capability) return approvalFor(roles, { kind: "capability", value: spec.capability });
    if (spec.agentId) return approvalFor(roles, { kind: "agent", value: roleOfAgent.get(spec.agentId) ?? "" });
    return approvalFor(roles, { kind: "any" });
  });
}
