import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Issue } from "../schemas/common";
import { PROBLEM_CONTENT_TYPE, type Problem } from "../schemas/problem";

/** RFC 9457 problem details for a status, a code and what went wrong. */
export function problem(status: number, code: string, detail: string, issues?: Issue[]): Problem {
  return {
    type: "about:blank",
    title: STATUS_CODES[status] ?? "Error",
    status,
    detail,
    code,
    ...(issues?.length ? { issues } : {}),
  };
}

/** Sends problem details; every error response of the HTTP API goes through here. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  code: string,
  detail: string,
  options: { issues?: Issue[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
) {
  res.writeHead(status, {
    "Content-Type": `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    "Cache-Control": "no-store",
    ...options.headers,
  });
  res.end(JSON.stringify({ ...problem(status, code, detail, options.issues), ...options.extensions }));
}
