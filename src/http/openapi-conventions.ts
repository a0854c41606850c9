/**
 * What the REST conventions add to an operation in the OpenAPI document, read from the same
 * procedure meta the REST handler obeys: 201 with `Location` on creates, `Idempotency-Key` on
 * idempotent ones, `ETag` and `If-Match` on versioned resources, `Link` on pages of a list.
 */
import type { ProcedureMeta } from "../api/trpc";

type Responses = Record<string, { description?: string; headers?: Record<string, unknown>; content?: unknown }>;

export interface ConventionTarget {
  parameters?: unknown[];
  responses?: Responses;
}

const header = (description: string) => ({ description, schema: { type: "string" } });

/**
 * The error statuses the conventions bring, with what they mean, joined to what the procedure
 * itself says about the same status (a create's 409 for a taken name, and for a key in flight).
 */
export function withConventionProblems(meta: ProcedureMeta, own: Record<number, string>): Record<number, string> {
  const problems: Record<number, string> = { ...own };
  const add = (status: number, meaning: string) => {
    problems[status] = problems[status] ? `${problems[status]} Or: ${meaning}` : meaning;
  };
  if (meta.idempotent) {
    add(409, "a request with the same Idempotency-Key is still being answered (see Retry-After).");
    add(422, "the Idempotency-Key was used before with another body.");
  }
  if (meta.etag === "condition") {
    add(412, "`If-Match` names a version that is no longer current: nothing was changed; GET it again.");
  }
  return problems;
}

/** Adds the conventions' parameters, success statuses and headers to `operation`. */
export function applyConventions(operation: ConventionTarget, meta: ProcedureMeta) {
  const responses = operation.responses ?? {};
  const ok = responses["200"];
  if (meta.created && ok) {
    const created = {
      ...ok,
      description: "Created.",
      ...(meta.created.location ? { headers: { Location: header("the path of what was created") } } : {}),
    };
    if (meta.created.when === undefined) delete responses["200"];
    else ok.description = `Nothing new was created (\`${meta.created.when}: false\`).`;
    responses["201"] = created;
  }
  operation.parameters ??= [];
  const parameters = operation.parameters;
  if (meta.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Any 1–255 printable characters, unique per request you mean: the same key and body from the same caller within 24 h replay the first answer (marked `Idempotent-Replayed: true`) instead of doing it again.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  if (meta.etag === "condition") {
    parameters.push({
      name: "If-Match",
      in: "header",
      required: false,
      description: 'Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`.',
      schema: { type: "string" },
    });
  }
  for (const [status, response] of Object.entries(responses)) {
    if (!status.startsWith("2")) continue;
    const headers: Record<string, unknown> = { ...response.headers };
    if (meta.etag) headers.ETag = header('the version of the resource, e.g. `"v3"`, for `If-Match`');
    if (meta.idempotent)
      headers["Idempotent-Replayed"] = header(
        "`true` when this is the answer to an earlier request with the same Idempotency-Key",
      );
    if (isPage(response))
      headers.Link = header('RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages');
    if (Object.keys(headers).length) response.headers = headers;
  }
}

/** Whether the answer is a page of a list (`page()` names its schemas `<Item>Page`). */
function isPage(response: { content?: unknown }): boolean {
  const json = (response.content as Record<string, { schema?: { $ref?: string } }> | undefined)?.["application/json"];
  return json?.schema?.$ref?.endsWith("Page") ?? false;
}
