/**
 * Entity tags of versioned resources (RFC 9110 §8.8.3) and the `If-Match` precondition.
 * A tag names a version of what a person decides (a cluster's configuration, targets and
 * requested lifecycle; a user's role), never figures that move on their own, so a tag read a
 * minute ago still matches unless someone changed the resource.
 */

export function formatEtag(version: number): string {
  return `"v${version}"`;
}

/** What an `If-Match` header asks for: any current version (`*`), or one of these versions. */
export type IfMatch = { any: true } | { any: false; versions: number[] };

const TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/**
 * Reads an `If-Match` value: `*`, or a comma-separated list of quoted tags. Weak tags and tags
 * Myzel never gave out are kept as matching nothing (If-Match compares strongly); null when the
 * value is not a list of tags at all.
 */
export function parseIfMatch(value: string): IfMatch | null {
  const text = value.trim();
  if (text === "*") return { any: true };
  if (text === "") return null;
  const versions: number[] = [];
  for (const part of text.split(",")) {
    const match = TAG.exec(part.trim());
    if (!match) return null;
    const version = match[1] ? null : versionOf(match[2]!);
    if (version !== null) versions.push(version);
  }
  return { any: false, versions };
}

function versionOf(opaque: string): number | null {
  const match = /^v([1-9][0-9]{0,9})$/.exec(opaque);
  return match ? Number(match[1]) : null;
}

/** Whether a resource at `version` meets the precondition (absent: it always does). */
export function ifMatchHolds(condition: IfMatch | undefined, version: number): boolean {
  return condition === undefined || condition.any || condition.versions.includes(version);
}
