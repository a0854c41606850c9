/** The building blocks of the blueprint schema: strict objects with helpful errors, slugs, names. */
import { z } from "zod";
import { unknownKeysMessage } from "./blueprint-messages";

// Slugs end up in URLs, queue names and agent keys, so they start with a letter or digit
// (no ".", "..", "-" tricks) and stay short.
export const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const SLUG_HINT =
  "lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters";
export const VERSION = /^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$/;
export const COUNT_RANGE = /^(\d+)-(\d+)$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const UNIX_USER = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Strict object whose unknown-key error names the key and suggests the closest allowed one. */
export function strict<S extends z.core.$ZodLooseShape>(shape: S) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? unknownKeysMessage(issue.keys, allowed) : undefined),
  });
}

/**
 * Union error that keeps the message of the branch whose type matched (e.g. the range hint for
 * "5-2"), falling back to a general hint; a missing value is left to the error map.
 */
export function unionError(fallback: string): z.core.$ZodErrorMap {
  return (issue) => {
    if (issue.code !== "invalid_union" || issue.input === undefined) return undefined;
    const typed = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.code !== "invalid_type"));
    return typed?.[0]?.message ?? fallback;
  };
}

export const slug = (what: string) => z.string().regex(SLUG, `${what} must be ${SLUG_HINT}`);
export const text = (max: number) => z.string().trim().min(1).max(max);
export const envName = (hint: string) => z.string().regex(ENV_NAME, hint);
