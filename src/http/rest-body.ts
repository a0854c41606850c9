/**
 * The second step of a REST request: its input. GET and DELETE take theirs from the path and
 * query string; the others from a body read here, with the size limit, in a media type the
 * route takes (JSON, and YAML or a Markdown manifest for blueprints). A JSON body nested deeper than any input Myzel
 * takes is refused before it is parsed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { acceptHeaderFor, bodyDecision } from "../domain/http/media-type";
import { jsonTooDeepAt, tooDeepMessage } from "../domain/input/json-depth";
import { sendProblem } from "./problem";
import { BodyTooLargeError, readBody } from "./read-body";
import { queryBody, queryInput } from "./rest-inputs";
import type { RestRoute } from "./rest-routes";

export type RestRequest = IncomingMessage & { body?: unknown; query?: unknown };

/** Sets `req.query` or `req.body` for trpc-to-openapi; false when a refusal was sent instead. */
export async function readInput(
  req: RestRequest,
  res: ServerResponse,
  route: RestRoute,
  url: URL,
  maxBytes: number,
): Promise<boolean> {
  const method = route.method;
  if (method === "GET" || method === "DELETE") {
    req.query = queryInput(route.input, url.searchParams);
  }
  if (method === "GET") return true;
  let text: string;
  try {
    text = await readBody(req, maxBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendProblem(res, 413, "PAYLOAD_TOO_LARGE", error.message);
    return false;
  }
  if (method === "DELETE") {
    if (text.trim() === "" || text.trim() === "{}") return true;
    sendProblem(res, 400, "BAD_REQUEST", "DELETE takes its input from the path and query string; send no body");
    return false;
  }
  const decision = bodyDecision({
    contentType: req.headers["content-type"],
    empty: text === "",
    accepted: route.contentTypes,
    endpoint: `${method} ${route.path}`,
  });
  if (decision.kind === "unsupported") {
    const header = acceptHeaderFor(method);
    sendProblem(res, 415, "UNSUPPORTED_MEDIA_TYPE", decision.detail, {
      headers: header ? { [header]: decision.accepted.join(", ") } : {},
    });
    return false;
  }
  if (decision.kind === "yaml") {
    req.body = { yaml: text };
  } else if (decision.kind === "markdown") {
    req.body = { manifest: text };
  } else if (decision.kind === "empty" || text.trim() === "") {
    // A compatibility alias whose scripts send their input as query parameters (meta `queryInput`).
    req.body = method === "POST" && route.meta.queryInput ? queryBody(route.input, url.searchParams) : {};
  } else {
    const deep = jsonTooDeepAt(text);
    if (deep !== null) {
      sendProblem(res, 400, "BAD_REQUEST", tooDeepMessage(deep));
      return false;
    }
    try {
      req.body = JSON.parse(text);
    } catch (error) {
      sendProblem(res, 400, "PARSE_ERROR", `the body is not valid JSON: ${(error as Error).message}`);
      return false;
    }
  }
  // trpc-to-openapi checks the type before using the body set here.
  req.headers["content-type"] = "application/json";
  return true;
}
