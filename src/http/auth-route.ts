/**
 * Better Auth's endpoints at /api/auth/… (sign-in, sign-out, session) on Myzel's Node
 * server: the body is read here, with Myzel's size limit, and handed over as a web Request
 * addressed to the public URL (never to what the Host header says). Around the sign-in this
 * adds the per-account limit and writes sign-ins and password changes to the audit log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import { requestClient } from "../api/context";
import type { AppDeps } from "../core/deps";
import { authActionOf } from "../domain/auth/auth-audit";
import { AUTH_BASE_PATH } from "../infra/auth/better-auth";
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableMessage, unavailableService } from "../infra/unavailable";
import type { Actor, Role } from "../schemas/auth-api";
import { resolveActor } from "../services/actors";
import { recordAuthEvent, reserveSignIn, settleSignIn } from "../services/sign-ins";
import { sendProblem } from "./problem";
import { BodyTooLargeError, readBody } from "./read-body";

export function createAuthRoute(deps: AppDeps, baseUrl: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    let body: string | undefined;
    if (hasBody) {
      try {
        body = await readBody(req, deps.settings.MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendProblem(res, 413, "PAYLOAD_TOO_LARGE", error.message);
        throw error;
      }
    }
    const url = new URL(req.url ?? "/", baseUrl);
    const action = authActionOf(req.method ?? "GET", url.pathname.slice(AUTH_BASE_PATH.length));
    const email = action === "auth.signIn" ? emailIn(body) : null;
    if (email) {
      const retryAfter = await reserveSignIn(deps, email);
      if (retryAfter !== null) {
        const detail = `too many failed sign-ins to this account; try again in ${retryAfter} s`;
        // The sign-in page's auth client reads `message`, as better-auth's own errors carry it.
        return sendProblem(res, 429, "TOO_MANY_REQUESTS", detail, {
          headers: { "Retry-After": String(retryAfter), "X-Retry-After": String(retryAfter) },
          extensions: { message: detail },
        });
      }
    }
    const signedIn = action === "auth.changePassword" ? (await resolveActor(deps, req.headers)).actor : null;
    const response = await deps.auth.handler(
      new Request(url, { method: req.method, headers: fromNodeHeaders(req.headers), body }),
    );
    // Better Auth answers 500 for any failure of its own storage: out of reach, that is a 503.
    if (response.status === 500) {
      const unavailable = await deps.db.$queryRaw`SELECT 1`.then(
        () => undefined,
        (error: unknown) => unavailableService(error),
      );
      if (unavailable)
        return sendProblem(res, 503, "SERVICE_UNAVAILABLE", unavailableMessage(unavailable), {
          headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
          extensions: { message: unavailableMessage(unavailable) },
        });
    }
    if (email) await settleSignIn(deps, email, response.status);
    if (action) {
      const actor = signedIn ?? (response.ok ? await userOf(response) : null);
      await recordAuthEvent(deps, {
        action,
        status: response.status,
        actor,
        target: action === "auth.signIn" ? email : (signedIn?.id ?? null),
        client: requestClient(req),
      }).catch((error: unknown) => deps.log.error({ err: error, action }, "could not write the audit log"));
    }
    await sendWebResponse(res, response);
  };
}

/** The email a sign-in names, or null when the body has none (Better Auth then refuses it). */
function emailIn(body: string | undefined): string | null {
  try {
    const email = (JSON.parse(body ?? "") as { email?: unknown }).email;
    return typeof email === "string" && email.length > 0 && email.length <= 320 ? email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}

/** The user a successful sign-in answered with. */
async function userOf(response: Response): Promise<Actor | null> {
  const user = ((await response.clone().json()) as { user?: { id?: string; email?: string; role?: string } }).user;
  return user?.id && user.email
    ? { type: "user", id: user.id, name: user.email, role: (user.role ?? "VIEWER") as Role }
    : null;
}

async function sendWebResponse(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, { "cache-control": "no-store", ...headers });
  res.end(Buffer.from(await response.arrayBuffer()));
}
