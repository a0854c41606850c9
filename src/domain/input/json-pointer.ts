/**
 * Where an issue is, as an RFC 6901 JSON Pointer: `/agents/2/reports_to`, `""` for the input as a
 * whole. One notation for every layer (REST, tRPC, blueprint checks, the dashboard): it is the
 * standard one (RFC 9457 itself points at fields this way), it is unambiguous where a key holds a
 * dot or a slash, and a client can resolve it against the JSON it sent, or the YAML parsed as JSON.
 */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** The keys and indexes (as strings) a JSON Pointer names, in order; none for `""`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * The pointer of a zod issue. A key the input does not take is pointed at itself (`/dryrun`)
 * rather than at the object holding it, as a client would look for it.
 */
export function issuePointer(issue: {
  path?: readonly PropertyKey[];
  code?: string;
  keys?: readonly string[];
}): string {
  const path = issue.path ?? [];
  return jsonPointer(issue.code === "unrecognized_keys" && issue.keys?.length === 1 ? [...path, issue.keys[0]!] : path);
}

/** A zod issue in Myzel's issue shape: where (its pointer) and what. */
export function pointedIssue(issue: {
  path?: readonly PropertyKey[];
  code?: string;
  keys?: readonly string[];
  message?: string;
}): { path: string; message: string } {
  return { path: issuePointer(issue), message: issue.message ?? "invalid" };
}
