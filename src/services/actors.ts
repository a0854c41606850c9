/**
 * Who is calling: an API token (`Authorization: Bearer myzel_…`) or the session cookie of a
 * signed-in user. A request that presents a token is judged by the token alone, so a bad
 * token never falls back to a cookie the same client might also hold.
 */
import type { IncomingHttpHeaders } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import { bearerToken } from "../domain/auth/api-token";
import type { Auth } from "../infra/auth/better-auth";
import type { Database } from "../infra/database/client";
import type { Redis } from "../infra/redis";
import type { Actor, Role } from "../schemas/auth-api";
import { actorForToken } from "./api-tokens";
import { type AgentCaller, agentCallerFor, isAgentCredential } from "./memory/agent-caller";

export type Credential = "session" | "token";

export interface ResolvedActor {
  actor: Actor | null;
  credential: Credential | null;
  /** The agent whose memory credential was sent (its process or a tool it runs); never also an actor. */
  agent?: AgentCaller | null;
}

export async function resolveActor(
  deps: { db: Database; auth: Auth; redis: Redis },
  headers: IncomingHttpHeaders,
): Promise<ResolvedActor> {
  const token = bearerToken(headers.authorization);
  if (token !== undefined && isAgentCredential(token))
    return { actor: null, credential: "token", agent: await agentCallerFor(deps, token) };
  if (token !== undefined) return { actor: await actorForToken(deps.db, token), credential: "token" };
  if (!headers.cookie) return { actor: null, credential: null };
  const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(headers) });
  if (!session || session.user.disabledAt) return { actor: null, credential: "session" };
  return {
    actor: { type: "user", id: session.user.id, name: session.user.email, role: session.user.role as Role },
    credential: "session",
  };
}
