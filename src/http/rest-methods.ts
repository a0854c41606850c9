/**
 * The first step of a REST request: which route it is for. An unknown path is a 404, a known
 * path asked with another method a 405 naming the allowed ones in `Allow`, OPTIONS answers
 * with `Allow`, and HEAD runs the GET route: Node sends no body for HEAD and the server sets
 * the GET's Content-Length (send.ts), so every header is the GET's.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { methodDecision } from "../domain/http/methods";
import { sendProblem } from "./problem";
import { type RestRoute, routeFor } from "./rest-routes";

/** The route to run (with `req.method` set to the one it runs as), or null when the answer was sent. */
export function resolveRoute(
  req: IncomingMessage,
  res: ServerResponse,
  routes: readonly RestRoute[],
  pathname: string,
): RestRoute | null {
  const method = (req.method ?? "GET").toUpperCase();
  const decision = methodDecision(routes, method, pathname);
  switch (decision.kind) {
    case "unknown-path":
      sendProblem(res, 404, "NOT_FOUND", `no route for ${pathname}`);
      return null;
    case "not-allowed":
      sendProblem(res, 405, "METHOD_NOT_ALLOWED", `${pathname} takes ${decision.allow.join(", ")}, not ${method}`, {
        headers: { Allow: decision.allow.join(", ") },
      });
      return null;
    case "options":
      res.writeHead(204, { Allow: decision.allow.join(", "), "Cache-Control": "no-store" });
      res.end();
      return null;
    case "run":
      req.method = decision.method;
      return routeFor(routes, decision.method, pathname)!;
  }
}
