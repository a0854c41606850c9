/**
 * CORS on the API for apps on the origins in MYZEL_CORS_ORIGINS (see domain/http/cors.ts):
 * their answers carry `Access-Control-Allow-Origin` and the exposed headers, errors included,
 * and their preflights are answered here, before any route.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { corsDecision } from "../domain/http/cors";
import { sendProblem } from "./problem";
import { applyHeaders } from "./security-headers";

/** Applies CORS to a request; true when it was a preflight and has been answered. */
export function answerCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const requestMethod = req.headers["access-control-request-method"];
  const decision = corsDecision({
    method: req.method ?? "GET",
    origin: req.headers.origin,
    requestMethod: Array.isArray(requestMethod) ? requestMethod[0] : requestMethod,
    allowedOrigins,
  });
  switch (decision.kind) {
    case "none":
      return false;
    case "allow":
      applyHeaders(res, decision.headers);
      return false;
    case "preflight":
      res.writeHead(204, { ...decision.headers, "Cache-Control": "no-store" });
      res.end();
      return true;
    case "refuse":
      sendProblem(res, 403, "FORBIDDEN", decision.detail);
      return true;
  }
}
