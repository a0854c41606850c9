/**
 * The REST API at /api/… (paths of cluster-system.md), generated from the tRPC procedures
 * by trpc-to-openapi. The body is read here, with the size limit, so that a blueprint can
 * be posted as raw YAML (`Content-Type: application/yaml`) as well as JSON, and a JSON body
 * nested deeper than any input Myzel takes is refused before it is parsed. Inputs are checked
 * exactly, never converted: see rest-inputs.ts for how trpc-to-openapi's coercion is kept out.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import { createRequestContext } from "../api/context";
import { appRouter } from "../api/root";
import type { AppDeps } from "../core/deps";
import { jsonTooDeepAt, tooDeepMessage } from "../domain/input/json-depth";
import { BodyTooLargeError, readBody } from "./read-body";
import { queryInput, queryRoutes, routerWithDetachedInputs } from "./rest-inputs";
import { sendError } from "./send";

const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

export function createRestHandler(deps: AppDeps) {
  const handler = createOpenApiNodeHttpHandler({
    router: routerWithDetachedInputs(appRouter),
    createContext: ({ req }) => createRequestContext(deps, req, "rest"),
    maxBodySize: deps.settings.MAX_BODY_BYTES,
  });

  const queryInputOf = queryRoutes(appRouter);

  return async (req: IncomingMessage & { body?: unknown; query?: unknown }, res: ServerResponse) => {
    if (req.method === "GET" || req.method === "DELETE") {
      // Their input is the path and the query string: trpc-to-openapi reads no body for them.
      const url = new URL(req.url ?? "/", "http://localhost");
      req.query = queryInput(queryInputOf(req.method, url.pathname), url.searchParams);
    }
    if (req.method === "POST" || req.method === "PUT" || req.method === "PATCH" || req.method === "DELETE") {
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      let text: string;
      try {
        text = await readBody(req, deps.settings.MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, "PAYLOAD_TOO_LARGE", error.message);
        throw error;
      }
      if (req.method === "DELETE" && text.trim() !== "" && text.trim() !== "{}") {
        return sendError(
          res,
          400,
          "BAD_REQUEST",
          "DELETE takes its input from the path and query string; send no body",
        );
      }
      if (YAML_TYPES.includes(type)) {
        req.body = { yaml: text };
      } else if (type === "application/json" || (!type && text === "")) {
        const deep = jsonTooDeepAt(text);
        if (deep !== null) return sendError(res, 400, "BAD_REQUEST", tooDeepMessage(deep));
        try {
          req.body = text.trim() === "" ? {} : JSON.parse(text);
        } catch (error) {
          return sendError(res, 400, "PARSE_ERROR", `the body is not valid JSON: ${(error as Error).message}`);
        }
      } else {
        return sendError(
          res,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          `send application/json${req.url?.startsWith("/api/blueprints") ? " or application/yaml" : ""}, not "${type}"`,
        );
      }
      // trpc-to-openapi checks the type before using the body we set.
      req.headers["content-type"] = "application/json";
    }
    await handler(req, flattenErrors(res));
  };
}

/**
 * trpc-to-openapi sends tRPC's error shape; REST clients get a flat, documented body
 * instead: `{ code, message, issues? }` with issues as path, message, line, column.
 */
function flattenErrors(res: ServerResponse): ServerResponse {
  const end = res.end.bind(res) as (body?: string) => ServerResponse;
  res.end = ((body?: string) => {
    if (res.statusCode < 400 || typeof body !== "string") return end(body);
    const shape = JSON.parse(body) as {
      code?: string;
      message?: string;
      issues?: unknown[];
      data?: { issues?: unknown[] };
    };
    const issues = shape.data?.issues ?? shape.issues?.map(toIssue);
    return end(JSON.stringify({ code: shape.code, message: shape.message, ...(issues?.length ? { issues } : {}) }));
  }) as ServerResponse["end"];
  return res;
}

/** A zod issue (input validation) in Myzel's issue format. */
function toIssue(raw: unknown) {
  const issue = raw as { path?: Array<string | number>; message?: string };
  return { path: issue.path?.join(".") || "(input)", message: issue.message ?? "invalid" };
}
