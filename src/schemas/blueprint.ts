/**
 * The blueprint format: the one zod schema behind API uploads, the files in blueprints/ and the
 * published JSON Schema. It checks shape only; rules that span fields (hierarchy, counts versus
 * cluster size) live in domain/blueprint/validate-blueprint.ts.
 */
import { z } from "zod";
import { roleApprovalSchema } from "./blueprint-approval";
import { roleMemorySchema } from "./blueprint-memory";
import { COUNT_RANGE, slug, strict, text, UNIX_USER, unionError, VERSION } from "./blueprint-parts";
import { BUILTIN_BEHAVIOURS, runtimeSchema } from "./blueprint-runtimes";
import { placementSchema } from "./node-labels";

export { blueprintErrorMap } from "./blueprint-messages";
export { BUILTIN_BEHAVIOURS };

export const CLUSTER_TYPES = ["department", "project", "temporary", "persistent"] as const;
export const ROUTING_STRATEGIES = ["round-robin", "least-busy", "sticky", "weighted"] as const;
export const SCALING_METRICS = ["task_queue_length", "load_percentage", "avg_response_time"] as const;
/** Highest rank first; a subordinate may never outrank its manager. */
export const AGENT_TIERS = ["supervisor", "lead", "specialist", "worker"] as const;

export const MAX_CLUSTER_AGENTS = 1000;

import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_SLEEP_MS } from "./blueprint-defaults";

export { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_SLEEP_MS };

// ---------------------------------------------------------------- counts

export type CountRange = { min: number; max: number };
/** A count as written: a fixed number or a "min-max" range. */
export type AgentCount = number | string;

function readRange(text: string): CountRange | undefined {
  const match = COUNT_RANGE.exec(text);
  return match ? { min: Number(match[1]), max: Number(match[2]) } : undefined;
}

/** `3` → {min: 3, max: 3}, `"0-5"` → {min: 0, max: 5}. Throws on input the schema would reject. */
export function parseCount(count: number | string): CountRange {
  if (typeof count === "number") {
    if (Number.isInteger(count) && count >= 0) return { min: count, max: count };
    throw new RangeError(`count must be a whole number of 0 or more, got ${count}`);
  }
  const range = readRange(count);
  if (!range || range.min > range.max) throw new RangeError(`malformed count range "${count}"`);
  return range;
}

const countRangeText = z
  .string()
  .regex(COUNT_RANGE, 'must be a whole number like 2 or a range like "0-5"')
  .superRefine((value, ctx) => {
    const range = readRange(value);
    if (range && range.min > range.max) {
      ctx.addIssue({
        code: "custom",
        message: `range "${value}" starts above its end; write the smaller number first, like "${range.max}-${range.min}"`,
      });
    }
  });

// No transforms in here: zod leaves default and examples out of the JSON Schema of
// anything that transforms, and editors should show them.
const countSchema = z
  .union([z.number().int().min(0).max(MAX_CLUSTER_AGENTS), countRangeText], {
    error: unionError('must be a whole number like 2 or a range like "0-5"'),
  })
  .default(1)
  .meta({
    description: 'How many agents of this role: a fixed number, or a range "min-max" the scaler moves within.',
    examples: [1, "0-5"],
  });

// ---------------------------------------------------------------- agents, cluster, metadata

const limitsSchema = strict({
  memory_mb: z.int().min(16).max(1_048_576).optional().describe("Memory cap for the agent process."),
  cpu: z
    .number()
    .min(0.01, "must be at least 0.01 (a hundredth of a core)")
    .max(1024, "must be at most 1024 cores")
    .optional()
    .describe(
      "CPU share of the agent process and the tools it runs, in cores: 0.5 is half a core, 2 is two. Held by a cgroup where the host offers one; otherwise the agent only runs at a lower priority.",
    ),
  user: z
    .string()
    .regex(UNIX_USER, "must be an OS user name like myzel-agent")
    .optional()
    .describe(
      'OS user the agent process runs as when the runner runs as root. Default: a system user "myzel-agent" Myzel creates. "root" runs it as root (only when you mean it).',
    ),
}).describe("Resource limits for each agent process of this role.");

export const blueprintAgentSchema = strict({
  role: slug("role").describe("Id of this role, unique within the blueprint, e.g. content_writer."),
  tier: z
    .enum(AGENT_TIERS)
    .optional()
    .describe(
      "Rank in the hierarchy. Default: the role itself if it is one of these words; otherwise supervisor for the root role, lead for a role others report to, else worker.",
    ),
  name: text(200).describe("Display name; numbered per agent when the role can have several."),
  count: countSchema,
  reports_to: z.string().min(1).optional().describe("Role this role reports to. Exactly one role has none: the root."),
  capabilities: z.array(text(100)).default([]).describe("Skills used to route tasks to this role."),
  weight: z.number().positive().max(1000).default(1).describe("Share of tasks under weighted routing."),
  concurrency: z.int().min(1).max(1000).default(1).describe("Tasks one agent works on at once."),
  limits: limitsSchema.optional(),
  placement: placementSchema.optional(),
  runtime: runtimeSchema,
  memory: roleMemorySchema.optional(),
  approval: roleApprovalSchema,
});

const STEP_PERCENT = /^(\d{1,4})%$/;

/** A scaling step: whole agents, or "N%" of the current size. Like counts, no transform (see countSchema). */
function stepSchema(maxPercent: number, description: string) {
  const percentText = z
    .string()
    .regex(STEP_PERCENT, `must be a whole number of agents like 2 or a share like "50%"`)
    .refine((value) => {
      const match = STEP_PERCENT.exec(value);
      return !match || (Number(match[1]) >= 1 && Number(match[1]) <= maxPercent);
    }, `a share must be between 1% and ${maxPercent}%`);
  return z
    .union([z.int().min(1).max(MAX_CLUSTER_AGENTS), percentText], {
      error: unionError(`must be a whole number of agents like 2 or a share like "50%"`),
    })
    .optional()
    .meta({ description, examples: [2, "50%"] });
}

const waitSeconds = (description: string, max = 3600) => z.int().min(0).max(max).optional().describe(description);

const scalingSchema = strict({
  metric: z
    .enum(SCALING_METRICS)
    .default("task_queue_length")
    .describe("task_queue_length: waiting tasks; load_percentage: 0-100; avg_response_time: milliseconds."),
  scale_up_threshold: z.number().min(0).describe("Grow when the metric is above this."),
  scale_down_threshold: z.number().min(0).describe("Shrink when the metric is below this."),
  tolerance: z
    .number()
    .min(0)
    .max(0.5)
    .optional()
    .describe("Share around a threshold that still counts as at it, so noise does not scale (default 0.1 = ±10 %)."),
  stabilization_seconds: waitSeconds("Shrink only when every sample this far back allows it (default 60).", 900),
  scale_up_cooldown_seconds: waitSeconds(
    "After growing, wait this long before growing again, so new agents show in the metrics (default 10).",
  ),
  scale_down_cooldown_seconds: waitSeconds("After any scaling, wait this long before shrinking (default 30)."),
  max_step_up: stepSchema(
    1000,
    'Most agents one step adds: a number, or "N%" of the current size (default: 100 % or 4, whichever is more).',
  ),
  max_step_down: stepSchema(
    100,
    'Most agents one step removes: a number, or "N%" of the current size (default: 50 % or 1, whichever is more).',
  ),
}).describe("Auto-scaling between min_workers and max_workers.");

const clusterSchema = strict({
  type: z.enum(CLUSTER_TYPES).describe("What the cluster is for; temporary clusters may expire."),
  min_workers: z.int().min(0).max(MAX_CLUSTER_AGENTS).describe("Fewest agents in the cluster (all tiers)."),
  max_workers: z.int().min(1).max(MAX_CLUSTER_AGENTS).describe("Most agents in the cluster (all tiers)."),
  routing: z.enum(ROUTING_STRATEGIES).default("round-robin").describe("How tasks pick an agent."),
  ttl_seconds: z
    .int()
    .min(1)
    .max(31_536_000)
    .optional()
    .describe("Lifetime of a temporary cluster; it is destroyed afterwards."),
  scaling: scalingSchema.optional(),
});

const versionSchema = z
  .union(
    [
      z.string().regex(VERSION, 'must be a version like "1.0.0"'),
      // YAML reads `version: 1` as a number; accept it as the text the author meant.
      z.number().min(0).transform(String).pipe(z.string().regex(VERSION, 'must be a version like "1.0.0"')),
    ],
    { error: unionError('must be a version like "1.0.0"') },
  )
  .describe('Version of this blueprint, e.g. "1.0.0"; an upload with a new version adds to the history.');

const metadataSchema = strict({
  id: slug("id").describe("Stable id, e.g. marketing-v1. Uploading the same id adds a version."),
  name: text(200).describe("Display name."),
  version: versionSchema,
  description: z.string().max(10_000).optional(),
});

export const blueprintSchema = strict({
  metadata: metadataSchema,
  cluster: clusterSchema,
  agents: z.array(blueprintAgentSchema).min(1).describe("The roles of the cluster, root role first by convention."),
}).meta({
  title: "Myzel blueprint",
  description: "A cluster of AI agents: its roles, hierarchy, counts, scaling and runtimes.",
});

export type Blueprint = z.output<typeof blueprintSchema>;
export type BlueprintInput = z.input<typeof blueprintSchema>;
export type BlueprintAgent = Blueprint["agents"][number];
export type AgentRuntime = BlueprintAgent["runtime"];
export type AgentLimits = NonNullable<BlueprintAgent["limits"]>;
export type AgentTier = (typeof AGENT_TIERS)[number];
export type ClusterType = (typeof CLUSTER_TYPES)[number];
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
export type ScalingMetric = (typeof SCALING_METRICS)[number];

export const BLUEPRINT_SCHEMA_PATH = "/schemas/blueprint.json";

/** The published JSON Schema (what editors validate against), generated from blueprintSchema. */
export function blueprintJsonSchema(id: string = BLUEPRINT_SCHEMA_PATH): Record<string, unknown> {
  // draft-07: the newest draft that editors' YAML/JSON language servers all understand.
  const { $schema, ...rest } = z.toJSONSchema(blueprintSchema, { io: "input", target: "draft-07" });
  return { $schema, $id: id, ...rest };
}
