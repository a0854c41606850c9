import { z } from "zod";
import { HEALING_KINDS, HEALING_OUTCOMES, HEALING_RESPONSES, HEALING_SEVERITIES } from "../domain/healing/vocabulary";
import { isoDate, pagination, uuid } from "./common";

export const healingEventSchema = z
  .object({
    id: z.string(),
    at: isoDate,
    kind: z.enum(HEALING_KINDS),
    severity: z.enum(HEALING_SEVERITIES),
    subject: z.string(),
    clusterId: z.string().nullable(),
    agentId: z.string().nullable(),
    nodeId: z.string().nullable(),
    detail: z.string().describe("what was wrong"),
    action: z.string().nullable().describe("what was done"),
    actor: z.string().describe("auto, or the user who asked"),
    outcome: z.enum(HEALING_OUTCOMES),
    response: z.enum(HEALING_RESPONSES).describe("acted; reported: nothing Myzel may do; clear: nothing needed doing"),
    durationMs: z.number().int().nullable().describe("from detection to healed"),
    finishedAt: isoDate.nullable(),
  })
  .meta({ id: "HealingEvent" });

export const healingListInput = z.strictObject({
  clusterId: uuid.optional(),
  agentId: uuid.optional(),
  kind: z.enum(HEALING_KINDS).optional(),
  since: isoDate.optional(),
  outcome: z.enum(HEALING_OUTCOMES).optional(),
  severity: z.enum(HEALING_SEVERITIES).optional(),
  actor: z
    .enum(["auto", "person"])
    .optional()
    .describe("auto: the healer on its own; person: asked for through the dashboard or the API"),
  ...pagination,
});

export const healingKindsSchema = z
  .array(z.object({ kind: z.enum(HEALING_KINDS), count: z.number().int() }))
  .meta({ id: "HealingKinds" });

export const healInput = z.strictObject({
  dryRun: z.boolean().default(false).describe("only say what would be done"),
  clusterId: uuid.optional().describe("heal this cluster's agents and tasks instead of the infrastructure"),
});

const serviceVerdictSchema = z.object({ status: z.enum(["up", "slow", "down"]), detail: z.string().optional() });

export const healReportSchema = z
  .object({
    dryRun: z.boolean(),
    sample: z.object({
      cpuPercent: z.number(),
      memoryPercent: z.number(),
      diskPercent: z.number(),
      redisUp: z.boolean(),
      redisManaged: z.boolean(),
      databaseUp: z.boolean(),
      /** How each service was judged: up, slow (alive, answering late: reported, not restarted) or down. */
      redis: serviceVerdictSchema.optional(),
      database: serviceVerdictSchema.optional(),
    }),
    findings: z.array(
      z.object({
        kind: z.string(),
        severity: z.string(),
        detail: z.string(),
        actions: z.array(z.string()),
        results: z.array(
          z.object({ action: z.string(), outcome: z.string(), detail: z.string(), durationMs: z.number() }),
        ),
      }),
    ),
  })
  .meta({ id: "HealReport" });
export type HealReportDto = z.infer<typeof healReportSchema>;
