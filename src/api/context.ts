/** The one context builder for tRPC and REST calls: who is calling, and from where. */
import type { IncomingMessage } from "node:http";
import { TRPCError } from "@trpc/server";
import type { AppDeps } from "../core/deps";
import { CLIENT_ADDRESS_HEADER } from "../infra/auth/better-auth";
import { unavailableMessage, unavailableService } from "../infra/unavailable";
import { resolveActor } from "../services/actors";
import type { Context } from "./trpc";

const actors = new WeakMap<IncomingMessage, ReturnType<typeof resolveActor>>();

/** Who sent `req`, looked up once per request however many steps ask (REST's idempotency step, the context). */
export function requestActor(deps: AppDeps, req: IncomingMessage): ReturnType<typeof resolveActor> {
  let found = actors.get(req);
  if (!found) {
    found = resolveActor(deps, req.headers);
    actors.set(req, found);
  }
  return found;
}

export async function createRequestContext(
  deps: AppDeps,
  req: IncomingMessage,
  origin: "trpc" | "rest",
): Promise<Context> {
  const { actor, agent = null } = await requestActor(deps, req).catch((error: unknown) => {
    // Who calls is read from PostgreSQL (sessions, tokens): out of reach, the answer is 503, not 500.
    const unavailable = unavailableService(error);
    if (!unavailable) throw error;
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: unavailableMessage(unavailable), cause: error });
  });
  const ifMatch = origin === "rest" ? req.headers["if-match"] : undefined;
  return { ...deps, origin, actor, agent, client: requestClient(req), ifMatch };
}

/** The caller's address as the HTTP server recorded it (never a client-supplied header). */
export function requestClient(req: IncomingMessage) {
  const ip = req.headers[CLIENT_ADDRESS_HEADER];
  const userAgent = req.headers["user-agent"];
  return { ip: typeof ip === "string" ? ip : null, userAgent: typeof userAgent === "string" ? userAgent : null };
}
