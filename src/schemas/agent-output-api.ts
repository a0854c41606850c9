/** API contracts of an agent's kept output (its process's stdout and stderr) and the actions on one agent. */
import { z } from "zod";
import { uuid } from "./common";

/** Where a line came from. */
export const OUTPUT_STREAMS = ["stdout", "stderr"] as const;

/** A Redis stream entry id: the position a reader continues from. */
const outputPosition = z
  .string()
  .regex(/^\d{1,15}-\d{1,10}$/, "expected the id of an output line, as `next` gave it")
  .describe("continue after this line (the `next` of the answer before); absent: the newest lines");

export const agentOutputInput = z.strictObject({
  id: uuid.describe("the cluster"),
  agentId: uuid,
  after: outputPosition.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const agentOutputLineSchema = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  stream: z.enum(OUTPUT_STREAMS),
  text: z.string().describe("one line, secrets masked"),
});
export type AgentOutputLine = z.infer<typeof agentOutputLineSchema>;

export const agentOutputSchema = z
  .object({
    agentId: z.string(),
    lines: z.array(agentOutputLineSchema).describe("oldest first"),
    next: z.string().nullable().describe("pass as `after` to get the lines written since; null when none were kept"),
    keptLines: z.number().int().describe("how many lines are kept for this agent at most"),
  })
  .meta({ id: "AgentOutput" });

export const agentActionInput = z.strictObject({ id: uuid.describe("the cluster"), agentId: uuid });

export const agentActionResultSchema = z
  .object({
    agentId: z.string(),
    action: z.enum(["restart", "remove"]),
    detail: z.string().describe("what happens next"),
  })
  .meta({ id: "AgentActionResult" });
