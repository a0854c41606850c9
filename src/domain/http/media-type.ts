/**
 * Which request bodies an endpoint takes, by their media type: JSON everywhere, YAML and
 * Markdown (a blueprint's manifest) only where the endpoint lists them (blueprints). Anything else — text/plain above all, which
 * `fetch` sends for a string body — is a 415 naming what to send instead, not a guess.
 */

export const JSON_TYPE = "application/json";
export const YAML_TYPE = "application/yaml";
/** A manifest: Markdown with the blueprint as front matter (RFC 7763). */
export const MARKDOWN_TYPE = "text/markdown";
/** Names YAML goes by besides application/yaml (RFC 9512); each means the same here. */
const YAML_ALIASES = [YAML_TYPE, "application/x-yaml", "text/yaml", "text/x-yaml"];

export type BodyDecision =
  | { kind: "empty" }
  | { kind: "json" }
  | { kind: "yaml" }
  | { kind: "markdown" }
  | {
      kind: "unsupported";
      detail: string;
      /** The accepted types, for `Accept-Post` / `Accept-Patch`. */
      accepted: string[];
    };

export interface BodyRequest {
  /** The Content-Type header as sent, parameters and all. */
  contentType: string | undefined;
  /** Whether the body has no bytes: it then carries no media type to judge. */
  empty: boolean;
  /** The endpoint's media types (its procedure meta's `contentTypes`, JSON when it names none). */
  accepted: readonly string[];
  /** e.g. "POST /api/clusters", for the message. */
  endpoint: string;
}

/** The bare media type of a Content-Type header: lower case, no parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

export function bodyDecision(request: BodyRequest): BodyDecision {
  if (request.empty) return { kind: "empty" };
  const type = mediaType(request.contentType);
  const accepted = [...request.accepted];
  if (type === JSON_TYPE && accepted.includes(JSON_TYPE)) return { kind: "json" };
  if (YAML_ALIASES.includes(type) && accepted.includes(YAML_TYPE)) return { kind: "yaml" };
  if (type === MARKDOWN_TYPE && accepted.includes(MARKDOWN_TYPE)) return { kind: "markdown" };
  const takes = `${request.endpoint} takes ${accepted.join(" or ")}`;
  if (type === "") return { kind: "unsupported", accepted, detail: `${takes}; send a Content-Type header` };
  const hint = type === "text/plain" ? " (fetch sends text/plain for a string body: set Content-Type)" : "";
  return { kind: "unsupported", accepted, detail: `${takes}, not ${type}${hint}` };
}

/** The header that lists a method's accepted body types on a 415 (RFC 9110 §15.5.16), if the method has one. */
export function acceptHeaderFor(method: string): string | undefined {
  if (method === "POST") return "Accept-Post";
  if (method === "PATCH") return "Accept-Patch";
  return undefined;
}
