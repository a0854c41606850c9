/** API contracts of the chaos drill: what to break, and the report of what happened. */
import { z } from "zod";
import { uuid } from "./common";

export const drillStartInput = z.strictObject({
  clusterId: uuid
    .optional()
    .describe("Drill against this running cluster; without it a drill cluster is created and destroyed afterwards."),
  tasks: z.int().min(1).max(1_000_000).default(10_000).describe("Tasks submitted, evenly over the duration."),
  durationSeconds: z.int().min(2).max(3600).default(60),
  agentKills: z.int().min(0).max(100_000).default(100).describe("Agent processes killed with SIGKILL."),
  agentHangs: z.int().min(0).max(100).default(1).describe("Agent processes stopped with SIGSTOP (a hang)."),
  runnerKills: z
    .int()
    .min(0)
    .max(5)
    .default(2)
    .describe("Runner processes killed with SIGKILL (drill clusters only: the drill starts them)."),
  redisRestart: z.boolean().default(true).describe("Kill the managed redis-server once."),
  workers: z.int().min(2).max(500).default(24).describe("Workers of the drill cluster."),
  taskSleepMs: z.int().min(0).max(60_000).default(50).describe("How long each task of the drill cluster works."),
  settleSeconds: z
    .int()
    .min(5)
    .max(3600)
    .default(120)
    .describe("How long to wait after the last task for every task to finish."),
});
export type DrillStartInput = z.infer<typeof drillStartInput>;

const timing = z.object({
  count: z.int(),
  medianMs: z.number().nullable(),
  p95Ms: z.number().nullable(),
  maxMs: z.number().nullable(),
});

export const drillSchema = z
  .object({
    id: z.string(),
    status: z.enum(["preparing", "running", "settling", "passed", "failed", "error"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    actor: z.string(),
    clusterId: z.string().nullable(),
    options: drillStartInput,
    tasks: z.object({
      submitted: z.int(),
      accepted: z.int().describe("recorded by Myzel (the rest were refused with an error to the caller)"),
      refused: z.int(),
      completed: z.int(),
      failed: z.int(),
      cancelled: z.int(),
      unfinished: z.int(),
      lost: z.int().describe("accepted but neither completed nor failed when the drill ended"),
      duplicated: z.int().describe("tasks whose work ran more than once (recorded as duplicate runs)"),
    }),
    injected: z.array(z.object({ at: z.string(), kind: z.string(), target: z.string(), detail: z.string() })),
    recovery: z.object({
      agentRestart: timing.describe("agent crash → replacement ready (healing history)"),
      hungDetection: timing.describe("SIGSTOP → hang noticed"),
      runnerRecovery: timing.describe("runner killed → all its agents running elsewhere"),
      redisRecovery: timing.describe("redis-server killed → restarted and reconnected"),
    }),
    error: z.string().nullable(),
  })
  .meta({ id: "Drill" });
export type Drill = z.infer<typeof drillSchema>;

export const drillIdInput = z.strictObject({ id: z.string().min(1).max(100) });
