/**
 * What a mutation acted on, for the audit log: the id of the cluster, blueprint, task,
 * user or token named in its input, or else the id of what it created. Only ids are taken,
 * never payloads or other values, so no task content or secret reaches the log.
 */
const INPUT_KEYS = ["clusterId", "id", "blueprintId", "userId", "tokenId"] as const;
const OUTPUT_KEYS = ["id", "blueprintId"] as const;
/** Outputs that wrap what was created (a token's info, an uploaded blueprint). */
const WRAPPERS = ["info", "blueprint"] as const;

export function auditTarget(input: unknown, output?: unknown): string | null {
  const wrapped = output && typeof output === "object" ? WRAPPERS.map((key) => (output as Record<string, unknown>)[key]) : [];
  return idFrom(input, INPUT_KEYS) ?? [output, ...wrapped].map((value) => idFrom(value, OUTPUT_KEYS)).find((id) => id !== null) ?? null;
}

function idFrom(value: unknown, keys: readonly string[]): string | null {
  if (!value || typeof value !== "object") return null;
  for (const key of keys) {
    const candidate = (value as Record<string, unknown>)[key];
    if (typeof candidate === "string" && candidate.length > 0 && candidate.length <= 200) return candidate;
  }
  return null;
}
