/**
 * Node labels and a role's placement, one contract for the runner's MYZEL_NODE_LABELS, the
 * blueprint's `placement` and the node API.
 */
import { z } from "zod";
import { strict } from "./blueprint-parts";

export const LABEL_KEY = /^[a-z0-9][a-z0-9._/-]{0,62}$/;
export const LABEL_VALUE = /^[A-Za-z0-9._-]{0,63}$/;

export const nodeLabelsSchema = z
  .record(
    z.string().regex(LABEL_KEY, "a label key is lowercase letters, digits, '.', '_', '/', '-', at most 63 characters"),
    z.string().regex(LABEL_VALUE, "a label value is letters, digits, '.', '_', '-', at most 63 characters"),
  )
  .refine((labels) => Object.keys(labels).length <= 32, "at most 32 labels");
export type NodeLabels = z.infer<typeof nodeLabelsSchema>;

/** `gpu=a100,region=eu` → `{ gpu: "a100", region: "eu" }`; the error names the bad pair. */
export const nodeLabelsText = z
  .string()
  .transform((text, ctx) => {
    const labels: Record<string, string> = {};
    for (const pair of text.split(",").map((p) => p.trim())) {
      if (!pair) continue;
      const at = pair.indexOf("=");
      if (at <= 0) {
        ctx.addIssue({ code: "custom", message: `"${pair}" is not key=value` });
        return z.NEVER;
      }
      labels[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    return labels;
  })
  .pipe(nodeLabelsSchema);

export const placementSchema = strict({
  node_labels: nodeLabelsSchema
    .default({})
    .describe("Labels a node must carry (its runner's MYZEL_NODE_LABELS), e.g. { gpu: a100 }."),
  spread: z.boolean().default(false).describe("Prefer the node with the fewest agents of this role."),
  max_per_node: z.int().min(1).max(10_000).optional().describe("At most this many agents of this role on one node."),
}).describe("Where this role's agents may run. An agent no live node fits waits, with the reason shown on the agent.");
export type RolePlacement = z.output<typeof placementSchema>;

/** The part of an agent's stored spec (JSON column) placement reads; anything else is ignored. */
export const agentPlacementSpec = z.object({ placement: placementSchema.nullish() }).catch({ placement: null });
