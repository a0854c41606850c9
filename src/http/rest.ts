/**
 * The REST API at /api/… (paths of cluster-system.md), generated from the tRPC procedures
 * by trpc-to-openapi, with the conventions of HTTP (RFC 9110) around it. A request passes
 * named steps: which route (404, 405 with Allow, OPTIONS, HEAD as GET), its input (query
 * string, or a body in a media type the route takes: 415 otherwise), Idempotency-Key, the
 * procedure; its answer gets the status and headers of rest-response.ts (201 + Location on
 * creates), and errors become problem details. Inputs are checked exactly, never converted:
 * see rest-inputs.ts for how trpc-to-openapi's coercion is kept out.
 */
import { type ServerResponse, STATUS_CODES } from "node:http";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import { createRequestContext } from "../api/context";
import { appRouter } from "../api/root";
import type { AppDeps } from "../core/deps";
import { pointedIssue } from "../domain/input/json-pointer";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../infra/unavailable";
import type { Issue } from "../schemas/common";
import { PROBLEM_CONTENT_TYPE } from "../schemas/problem";
import { problem } from "./problem";
import { type RestRequest, readInput } from "./rest-body";
import { idempotencyStep } from "./rest-idempotency";
import { routerWithDetachedInputs } from "./rest-inputs";
import { resolveRoute } from "./rest-methods";
import { restResponseMeta } from "./rest-response";
import { restRoutes } from "./rest-routes";

export function createRestHandler(deps: AppDeps) {
  const routes = restRoutes(appRouter);
  const handler = createOpenApiNodeHttpHandler({
    router: routerWithDetachedInputs(appRouter),
    createContext: ({ req }) => createRequestContext(deps, req, "rest"),
    maxBodySize: deps.settings.MAX_BODY_BYTES,
    responseMeta: restResponseMeta(routes),
  });
  const idempotent = idempotencyStep(deps);

  return async (req: RestRequest, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = resolveRoute(req, res, routes, url.pathname);
    if (!route) return;
    if (!(await readInput(req, res, route, url, deps.settings.MAX_BODY_BYTES))) return;
    await idempotent(req, res, route, (out) => handler(req, asProblems(out)));
  };
}

/**
 * trpc-to-openapi sends tRPC's error shape; REST clients get RFC 9457 problem details
 * instead, the same body every other layer of the HTTP API sends.
 */
function asProblems(res: ServerResponse): ServerResponse {
  const end = res.end.bind(res) as (body?: string) => ServerResponse;
  res.end = ((body?: string) => {
    if (res.statusCode < 400 || typeof body !== "string") return end(body);
    const shape = JSON.parse(body) as {
      code?: string;
      message?: string;
      issues?: unknown[];
      data?: { issues?: Issue[] };
    };
    const issues =
      shape.data?.issues ?? shape.issues?.map((raw) => pointedIssue(raw as Parameters<typeof pointedIssue>[0]));
    const detail = shape.message ?? STATUS_CODES[res.statusCode] ?? "error";
    res.setHeader("Content-Type", `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    if (res.statusCode === 503) res.setHeader("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return end(JSON.stringify(problem(res.statusCode, shape.code ?? "ERROR", detail, issues)));
  }) as ServerResponse["end"];
  return res;
}
