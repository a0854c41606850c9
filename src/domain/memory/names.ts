/**
 * What a memory namespace, key and tag may look like. Names end up in URLs and command lines,
 * so they are short and plain; a namespace name may have `/` levels (marketing/q1).
 */

export const NAMESPACE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}(\/[a-z0-9][a-z0-9._-]{0,62}){0,3}$/;
export const NAMESPACE_HINT =
  "lowercase letters, digits, '.', '_' and '-', in up to four levels separated by '/' (like marketing/q1)";

/** Keys are one path segment: letters, digits and . _ : - (no '/', so a key is one URL segment). */
export const VALUE_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
export const VALUE_KEY_HINT = "letters, digits, '.', '_', ':' and '-', starting with a letter or digit, at most 200";

export const TAG = /^[\p{L}\p{N}][\p{L}\p{N}._:-]{0,63}$/u;

/** A namespace reference in a blueprint: its own cluster's namespace by name, or `global:<name>`. */
export const GLOBAL_PREFIX = "global:";

/** The namespace every agent of a cluster shares unless its role says otherwise. */
export const DEFAULT_NAMESPACE = "shared";

export interface NamespaceRef {
  /** "cluster" for the agent's own cluster, "global" for one shared by every cluster. */
  scope: "cluster" | "global";
  name: string;
}

/** Reads `name` or `global:name`; undefined when the name is not valid. */
export function parseNamespaceRef(text: string): NamespaceRef | undefined {
  const global = text.startsWith(GLOBAL_PREFIX);
  const name = global ? text.slice(GLOBAL_PREFIX.length) : text;
  if (!NAMESPACE_NAME.test(name)) return undefined;
  return { scope: global ? "global" : "cluster", name };
}

export function formatNamespaceRef(ref: NamespaceRef): string {
  return ref.scope === "global" ? `${GLOBAL_PREFIX}${ref.name}` : ref.name;
}

/** The row's `scope` column: the cluster's id, or "global". */
export function scopeOf(ref: NamespaceRef, clusterId: string): string {
  return ref.scope === "global" ? "global" : clusterId;
}

/** Full-text configurations PostgreSQL ships; a namespace's language must be one of them. */
export const SEARCH_LANGUAGES = [
  "simple",
  "arabic",
  "armenian",
  "basque",
  "catalan",
  "danish",
  "dutch",
  "english",
  "finnish",
  "french",
  "german",
  "greek",
  "hindi",
  "hungarian",
  "indonesian",
  "irish",
  "italian",
  "lithuanian",
  "nepali",
  "norwegian",
  "portuguese",
  "romanian",
  "russian",
  "serbian",
  "spanish",
  "swedish",
  "tamil",
  "turkish",
  "yiddish",
] as const;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];
