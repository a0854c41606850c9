/**
 * Which error statuses each REST operation can answer, derived from what the operation is
 * (its role, its input, its path, whether a body is read) rather than listed by hand for every
 * one. A status the whole HTTP layer can send is one line in PROBLEM_RULES; a status only some
 * procedures send (a CONFLICT or UNPROCESSABLE_CONTENT of their service) is named in that
 * procedure's `meta.openapi.errorResponses`, with what it means there.
 */
import { JSON_TYPE } from "../domain/http/media-type";
import type { Role } from "../schemas/auth-api";
import { PROBLEM_CONTENT_TYPE } from "../schemas/problem";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What the document knows about an operation, enough to tell which problems it can have. */
export interface OperationFacts {
  method: HttpMethod;
  path: string;
  /** The role its procedure requires; null for a public one. */
  role: Role | null;
  /** Whether it declares an input (every procedure does, even `{}`, which refuses other keys). */
  takesInput: boolean;
  /** Media types its body may have, besides JSON. */
  extraContentTypes: readonly string[];
}

export interface ProblemRule {
  status: number;
  applies: (op: OperationFacts) => boolean;
  description: (op: OperationFacts) => string;
  /** Answered by Node's HTTP parser before Myzel sees the request: no body at all. */
  bare?: true;
}

/** Methods whose body the REST handler reads (and so may find too large or of the wrong type). */
const readsBody = (op: OperationFacts) => op.method !== "GET";
const hasPathId = (op: OperationFacts) => /\{[^}]+\}/.test(op.path);

/** Statuses the HTTP layer itself can answer; add a line here for a new one. */
export const PROBLEM_RULES: readonly ProblemRule[] = [
  {
    status: 400,
    applies: (op) => op.takesInput,
    description: () =>
      "The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer.",
  },
  {
    status: 401,
    applies: (op) => op.role !== null,
    description: () => "No valid sign-in session or API token (`Authorization: Bearer myzel_…`).",
  },
  {
    status: 403,
    applies: (op) => op.role !== null || op.method !== "GET",
    description: (op) =>
      op.role === null
        ? "The request came from another site (its Origin or Sec-Fetch-Site header names one)."
        : `The caller's role is below ${op.role}, or the request came from another site (Origin, Sec-Fetch-Site).`,
  },
  {
    status: 404,
    applies: hasPathId,
    description: () => "Nothing exists with the id in the path.",
  },
  {
    status: 413,
    applies: readsBody,
    description: () => "The body is larger than the server takes (MYZEL_MAX_BODY_BYTES).",
  },
  {
    status: 415,
    applies: readsBody,
    description: (op) => `The body is not ${[JSON_TYPE, ...op.extraContentTypes].join(" or ")}.`,
  },
  {
    status: 421,
    applies: () => true,
    description: () => "The Host header names a host this Myzel does not answer to (see PUBLIC_URL).",
  },
  {
    status: 431,
    applies: () => true,
    description: () => "The request's headers, its URL included, are larger than the server reads (16 KiB).",
    bare: true,
  },
  {
    status: 500,
    applies: () => true,
    description: () => "Something failed inside Myzel; the server log has the details.",
  },
  {
    status: 503,
    applies: () => true,
    description: () =>
      "PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds.",
  },
];

/** A response whose body is the one error shape of the API. */
export function problemResponse(description: string) {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } } },
  };
}

/**
 * The error responses of one operation: every rule that applies, then what its procedure says
 * about statuses of its own (which may also reword a rule's description for that operation).
 */
export function problemResponses(op: OperationFacts, own: Readonly<Record<number, string>>) {
  const responses = new Map<number, { description: string; content?: object }>();
  for (const rule of PROBLEM_RULES) {
    if (!rule.applies(op)) continue;
    const description = rule.description(op);
    responses.set(rule.status, rule.bare ? { description } : problemResponse(description));
  }
  for (const [status, description] of Object.entries(own)) responses.set(Number(status), problemResponse(description));
  return Object.fromEntries(
    [...responses].sort(([a], [b]) => a - b).map(([status, response]) => [String(status), response]),
  );
}

/** What an operation's description says about who may call it. */
export function roleSentence(role: Role | null): string {
  if (role === null) return "Public: needs no sign-in.";
  if (role === "ADMIN") return "Needs the ADMIN role.";
  return `Needs the ${role} role (or any role above it).`;
}
