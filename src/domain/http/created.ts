/**
 * What a create answers over REST: 201 Created with a `Location` naming the new resource.
 * A procedure declares it in its meta (`created`), so the status, the header and the
 * document that lists them are read from one place beside the procedure itself.
 */

export interface CreatedSpec {
  /**
   * The new resource's path, with `{field}` (dotted for nested fields) filled from the
   * procedure's answer, e.g. `/api/clusters/{id}` or `/api/blueprints/{blueprint.id}`.
   * Absent when what was made has no path of its own (a token, a batch of tasks): the
   * answer's body names it.
   */
  location?: string;
  /** A boolean field of the answer that says whether anything was created (else 200, no Location). */
  when?: string;
}

export interface CreatedResponse {
  status: 200 | 201;
  headers: Record<string, string>;
}

/** The status and headers of a create's successful answer. */
export function createdResponse(spec: CreatedSpec, data: unknown): CreatedResponse {
  if (spec.when !== undefined && valueAt(data, spec.when) !== true) return { status: 200, headers: {} };
  const location = spec.location === undefined ? null : fillTemplate(spec.location, data);
  return { status: 201, headers: location === null ? {} : { Location: location } };
}

/** The template with every `{field}` replaced by its value (URI-encoded), or null when one is missing. */
export function fillTemplate(template: string, data: unknown): string | null {
  let missing = false;
  const filled = template.replace(/\{([\w.]+)\}/g, (_, field: string) => {
    const value = valueAt(data, field);
    if (typeof value !== "string" && typeof value !== "number") {
      missing = true;
      return "";
    }
    return encodeURIComponent(String(value));
  });
  return missing ? null : filled;
}

function valueAt(data: unknown, dotted: string): unknown {
  let value = data;
  for (const key of dotted.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
