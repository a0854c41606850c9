import { z } from "zod";
import { issueSchema } from "./common";

/**
 * The one error body of Myzel's HTTP API: RFC 9457 problem details, sent as
 * `application/problem+json` by every layer (REST procedures, the HTTP server, sign-in).
 * `type` is `about:blank` (the status says what kind of problem it is), `title` the status
 * phrase; `code` names the problem for programs and `issues` points at what was wrong, each
 * with a JSON Pointer (`/roles/0/count`) and, for YAML, the line and column.
 */
export const problemSchema = z
  // RFC 9457 lets a problem carry members of its own (extensions), so clients must accept more.
  .looseObject({
    type: z.string().describe("`about:blank`: the status code says what kind of problem this is"),
    title: z.string().describe("the HTTP status phrase, e.g. `Not Found`"),
    status: z.number().int().describe("the HTTP status code, repeated for convenience"),
    detail: z.string().describe("what went wrong, for people"),
    code: z.string().describe("what went wrong, for programs: `NOT_FOUND`, `CONFLICT`, `PRECONDITION_FAILED`, …"),
    issues: z.array(issueSchema).optional().describe("each input that was wrong, where and why"),
  })
  .meta({ id: "Problem" });

export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
