/**
 * What a mutation acted on, for the audit log: the cluster, task, user or token its input
 * names, else what it created (a cluster from a blueprint counts as the cluster), else the
 * blueprint it names. Only ids are taken, never payloads or other values, so no task
 * content or secret reaches the log.
 */
const INPUT_KEYS = ["clusterId", "id", "userId", "tokenId"] as const;
const OUTPUT_KEYS = ["id", "blueprintId"] as const;
/** Outputs that wrap what was created (a token's info, an uploaded blueprint). */
const WRAPPERS = ["info", "blueprint"] as const;

export function auditTarget(input: unknown, output?: unknown): string | null {
  const wrapped =
    output && typeof output === "object" ? WRAPPERS.map((key) => (output as Record<string, unknown>)[key]) : [];
  const created = [output, ...wrapped].map((value) => idFrom(value, OUTPUT_KEYS)).find((id) => id !== null);
  return idFrom(input, INPUT_KEYS) ?? created ?? idFrom(input, ["blueprintId"]);
}

function idFrom(value: unknown, keys: readonly string[]): string | null {
  if (!value || typeof value !== "object") return null;
  for (const key of keys) {
    const candidate = (value as Record<string, unknown>)[key];
    if (typeof candidate === "string" && candidate.length > 0 && candidate.length <= 200) return candidate;
  }
  return null;
}
