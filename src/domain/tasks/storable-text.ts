/**
 * PostgreSQL cannot store the NUL character, in `text` or in `jsonb`: one result holding it made
 * the whole batch of results it came in fail, again and again. A tool may well print one, so a
 * report's strings (keys included) get U+FFFD in its place before anything is written.
 */
const NUL = "\u0000";
const REPLACEMENT = "\uFFFD";

/** `value` with every NUL in its strings and keys replaced; the same value when it has none. */
export function withoutNul<T>(value: T): T {
  return replaceIn(value) as T;
}

function replaceIn(value: unknown): unknown {
  if (typeof value === "string") return value.includes(NUL) ? value.replaceAll(NUL, REPLACEMENT) : value;
  if (Array.isArray(value)) return value.map(replaceIn);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key.replaceAll(NUL, REPLACEMENT), replaceIn(inner)]),
    );
  return value;
}

/** Whether a JSON text may hold a NUL (its escape): most reports do not, and skip the walk. */
export const mayHoldNul = (json: string) => json.includes("\\u0000");
