/**
 * The blueprint format's error messages, in words a blueprint author understands: unknown
 * keys with the closest allowed one, types and bounds without zod's vocabulary.
 */
import type { z } from "zod";

export function unknownKeysMessage(keys: string[], allowed: string[]): string {
  const named = keys.map((key) => {
    const guess = closest(key, allowed);
    return guess ? `"${key}" (did you mean "${guess}"?)` : `"${key}"`;
  });
  const noun = keys.length === 1 ? "unknown key" : "unknown keys";
  return `${noun} ${named.join(", ")}; allowed keys: ${allowed.join(", ")}`;
}

/** A likely meant key: typos like "reports-to", or a shortened one like "api_key". */
function closest(word: string, candidates: string[]): string | undefined {
  const extended = word.length >= 3 ? candidates.find((candidate) => candidate.startsWith(word)) : undefined;
  if (extended) return extended;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value pairs)",
};

function describeValue(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/**
 * Messages in words a blueprint author understands; pass it to safeParse
 * (`blueprintSchema.safeParse(value, { error: blueprintErrorMap })`). Messages set on a
 * schema itself (regex hints, unknown keys) take precedence.
 */
export const blueprintErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_union")) {
    return "is required";
  }
  switch (issue.code) {
    case "invalid_type":
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map(String).join(", ")} (got ${describeValue(issue.input)})`;
    case "too_small":
      return boundMessage("at least", issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case "too_big":
      return boundMessage("at most", issue.origin, Number(issue.maximum), issue.inclusive !== false);
    default:
      return undefined;
  }
};

function boundMessage(side: "at least" | "at most", origin: string, bound: number, inclusive: boolean) {
  if (origin === "array")
    return bound === 1 && side === "at least" ? "must not be empty" : `must have ${side} ${bound} items`;
  if (origin === "string")
    return bound === 1 && side === "at least" ? "must not be empty" : `must be ${side} ${bound} characters`;
  if (inclusive) return `must be ${side} ${bound}`;
  return `must be ${side === "at least" ? "greater" : "less"} than ${bound}`;
}
