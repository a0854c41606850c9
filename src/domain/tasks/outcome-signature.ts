/**
 * An agent signs each report of an attempt with a secret only it and the control plane know
 * (HMAC-SHA256 over what the report claims: the task, the attempt, the agent, success), so a
 * report claiming another agent's id, or changing another's outcome, is told apart from the
 * real one. The secret is random per agent; nothing else of the report is signed because
 * nothing else decides how the task is recorded against whom.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface SignedClaim {
  taskId: string;
  attempt: number;
  agentId: string;
  ok: boolean;
}

export function signReport(secret: string, claim: SignedClaim): string {
  return createHmac("sha256", secret)
    .update(`${claim.taskId}\n${claim.attempt}\n${claim.agentId}\n${claim.ok ? 1 : 0}`)
    .digest("base64url");
}

export function verifyReport(secret: string, claim: SignedClaim, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signReport(secret, claim));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
