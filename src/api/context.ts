/** The one context builder for tRPC and REST calls: who is calling, and from where. */
import type { IncomingMessage } from "node:http";
import type { AppDeps } from "../core/deps";
import { CLIENT_ADDRESS_HEADER } from "../infra/auth/better-auth";
import { resolveActor } from "../services/actors";
import type { Context } from "./trpc";

export async function createRequestContext(
  deps: AppDeps,
  req: IncomingMessage,
  origin: "trpc" | "rest",
): Promise<Context> {
  const { actor } = await resolveActor(deps, req.headers);
  return { ...deps, origin, actor, client: requestClient(req) };
}

/** The caller's address as the HTTP server recorded it (never a client-supplied header). */
export function requestClient(req: IncomingMessage) {
  const ip = req.headers[CLIENT_ADDRESS_HEADER];
  const userAgent = req.headers["user-agent"];
  return { ip: typeof ip === "string" ? ip : null, userAgent: typeof userAgent === "string" ? userAgent : null };
}
