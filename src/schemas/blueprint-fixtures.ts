/** Blueprints for the schema tests: a minimal valid one, and the problems an edit of it has. */
import { blueprintErrorMap, blueprintSchema } from "./blueprint";

export type Json = Record<string, unknown>;

export function minimal(): { metadata: Json; cluster: Json; agents: Json[] } {
  return {
    metadata: { id: "team-v1", name: "Team", version: "1.0.0" },
    cluster: { type: "department", min_workers: 1, max_workers: 10 },
    agents: [{ role: "supervisor", name: "Boss" }],
  };
}

/** Parses `minimal()` after `edit`; returns "path: message" lines, or [] when valid. */
export function problems(edit: (bp: ReturnType<typeof minimal>) => void): string[] {
  const bp = minimal();
  edit(bp);
  const result = blueprintSchema.safeParse(bp, { error: blueprintErrorMap });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

export const agent = (bp: ReturnType<typeof minimal>): Json => bp.agents[0] as Json;
