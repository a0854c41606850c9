/**
 * The `approval` of a blueprint role: its tasks wait for a person (an operator or admin) to
 * approve them before they reach an agent. `approval: required` is the short form of
 * `approval: { required: true }` with the defaults below.
 */
import { z } from "zod";
import { strict, unionError } from "./blueprint-parts";

export const APPROVAL_TIMEOUT_ACTIONS = ["reject", "escalate"] as const;
export type ApprovalTimeoutAction = (typeof APPROVAL_TIMEOUT_ACTIONS)[number];

/** A day: long enough for a person to see it, short enough that nothing waits forever unnoticed. */
export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 86_400;
export const MAX_APPROVAL_TIMEOUT_SECONDS = 30 * 86_400;

const approvalPolicySchema = strict({
  required: z.boolean().default(true).describe("Hold this role's tasks until a person approves them (default true)."),
  timeout_seconds: z
    .int()
    .min(1)
    .max(MAX_APPROVAL_TIMEOUT_SECONDS, "must be at most 2592000 (30 days)")
    .default(DEFAULT_APPROVAL_TIMEOUT_SECONDS)
    .describe("How long a task may wait for its decision (default 86400, a day)."),
  on_timeout: z
    .enum(APPROVAL_TIMEOUT_ACTIONS, { error: 'must be "reject" or "escalate"' })
    .default("reject")
    .describe(
      "reject: the task fails, 'approval timed out after Ns'; escalate: an alert is raised once and the task keeps waiting.",
    ),
});

export const roleApprovalSchema = z
  // The object first: an object's own problem (a wrong on_timeout) is the one worth saying.
  .union(
    [approvalPolicySchema, z.literal("required", { error: 'must be "required" or an object like { required: true }' })],
    {
      error: unionError('must be "required" or an object like { required: true, timeout_seconds: 3600 }'),
    },
  )
  .optional()
  .meta({
    description:
      'Tasks for this role wait for an operator to approve them before any agent gets them: "required", or { required, timeout_seconds, on_timeout }.',
    examples: ["required", { required: true, timeout_seconds: 3600, on_timeout: "escalate" }],
  });
export type RoleApproval = z.output<typeof roleApprovalSchema>;
