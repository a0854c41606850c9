/**
 * The credential an agent (and the tools it runs) uses for memory: `myzel-agent.<agentId>.<mac>`,
 * where mac is an HMAC of the agent id under the secret the agent signs its reports with. The
 * server checks it against that secret (kept in Redis, readable by no agent); a tool holding the
 * credential cannot sign reports, and the credential dies with the secret.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const AGENT_CREDENTIAL_PREFIX = "myzel-agent.";

export function agentCredential(agentId: string, secret: string): string {
  return `${AGENT_CREDENTIAL_PREFIX}${agentId}.${mac(agentId, secret)}`;
}

/** The agent id a credential claims, before it is checked; undefined for anything else. */
export interface AgentCredentialClaim {
  agentId: string;
  mac: string;
}

export function claimedAgent(credential: string): AgentCredentialClaim | undefined {
  if (!credential.startsWith(AGENT_CREDENTIAL_PREFIX)) return undefined;
  const [agentId, given, ...rest] = credential.slice(AGENT_CREDENTIAL_PREFIX.length).split(".");
  if (!agentId || !given || rest.length) return undefined;
  return { agentId, mac: given };
}

export function credentialMatches(claim: AgentCredentialClaim, secret: string): boolean {
  const expected = Buffer.from(mac(claim.agentId, secret));
  const given = Buffer.from(claim.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(agentId: string, secret: string): string {
  return createHmac("sha256", secret).update(`memory:${agentId}`).digest("base64url");
}
