/**
 * The contracts between the runner, its agent processes and the control plane: the IPC
 * handshake, the job an agent receives, and the outcome it reports.
 */
import { z } from "zod";
import { blueprintAgentSchema } from "./blueprint";

export const agentConfigSchema = z.object({
  agentId: z.string(),
  clusterId: z.string(),
  key: z.string(),
  role: z.string(),
  name: z.string(),
  capabilities: z.array(z.string()),
  runtime: blueprintAgentSchema.shape.runtime,
  concurrency: z.number().int().min(1),
  /** The agent's own Redis user (or the server's, when the server may not manage ACL users). */
  redisUrl: z.string(),
  /** What it signs its reports with (domain/tasks/outcome-signature). Sent over IPC only, never in the environment. */
  resultSecret: z.string().min(16),
  heartbeatIntervalMs: z.number().int().min(50),
  heartbeatTtlMs: z.number().int().min(100),
  /** How long the runner waits after SIGTERM before SIGKILL. */
  stopGraceMs: z.number().int().min(0),
  /** Direct subordinates, for delegation. */
  subordinateIds: z.array(z.string()),
  /** Environment variables its blueprint allows (set at init, so a pre-started spare process can become any agent). */
  env: z.record(z.string(), z.string()).default({}),
  /** The agent's own working folder: where its tools run (a blueprint's relative `cwd` starts here). */
  workDir: z.string().optional(),
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** Runner → agent over IPC. */
export const runnerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("init"), config: agentConfigSchema }),
  z.object({ type: z.literal("subordinates"), subordinateIds: z.array(z.string()) }),
  /** Liveness: the agent answers `pong` from its event loop; a stopped or blocked process cannot. */
  z.object({ type: z.literal("ping"), seq: z.number().int() }),
]);
export type RunnerMessage = z.infer<typeof runnerMessage>;

/** Agent → runner over IPC. */
export const agentMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), pid: z.number().int() }),
  z.object({ type: z.literal("fatal"), message: z.string() }),
  z.object({ type: z.literal("pong"), seq: z.number().int() }),
]);
export type AgentMessage = z.infer<typeof agentMessage>;

/** What an agent's queue job carries. */
export const agentJobSchema = z.strictObject({
  taskId: z.string(),
  clusterId: z.string(),
  type: z.string(),
  payload: z.unknown(),
  attempt: z.number().int().min(1),
  timeoutMs: z.number().int().min(1),
  depth: z.number().int().min(0),
  rootTaskId: z.string(),
  /** Agents that delegated down to this task, root first: delegation never goes back up. */
  chain: z.array(z.string()),
});
export type AgentJob = z.infer<typeof agentJobSchema>;

export const taskUsageSchema = z.strictObject({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  totalTokens: z.number().int().min(0),
});
export type TaskUsage = z.infer<typeof taskUsageSchema>;

/** An agent's report of one attempt, written to the results stream. */
export const taskOutcomeSchema = z.strictObject({
  taskId: z.string(),
  agentId: z.string(),
  attempt: z.number().int(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  /** false when retrying cannot help (a guard was violated, the task was cancelled). */
  retryable: z.boolean().default(true),
  usage: taskUsageSchema.optional(),
  startedAt: z.number(),
  finishedAt: z.number(),
  /** HMAC of the claim (task, attempt, agent, ok) with the agent's secret: only that agent can make it. */
  signature: z.string().optional(),
});
export type TaskOutcome = z.infer<typeof taskOutcomeSchema>;

/**
 * An agent's note that it has started an attempt, written to the results stream (field `s`;
 * outcomes are field `o`) once the run has lasted START_REPORT_DELAY_MS: a run shorter than
 * that is reported only by its outcome, which carries its start time too.
 */
export const taskStartSchema = z.strictObject({
  taskId: z.string(),
  agentId: z.string(),
  attempt: z.number().int(),
  startedAt: z.number(),
});
export type TaskStartReport = z.infer<typeof taskStartSchema>;

/** Fields of a results-stream entry. */
export const RESULT_FIELDS = { outcome: "o", start: "s" } as const;

/** Control-queue payload an agent sends to delegate part of its task. */
export const delegateRequestSchema = z.strictObject({
  cluster_id: z.string(),
  parent_task_id: z.string(),
  subtask_id: z.uuid(),
  from_agent_id: z.string(),
  target_agent_id: z.string().optional(),
  target_role: z.string().optional(),
  task: z.strictObject({ type: z.string().min(1).max(100), payload: z.unknown() }),
});
export type DelegateRequest = z.infer<typeof delegateRequestSchema>;

/** The value of an agent's heartbeat key. */
export const heartbeatSchema = z.object({
  agentId: z.string(),
  pid: z.number().int(),
  at: z.number(),
  processed: z.number().int(),
  failed: z.number().int(),
  active: z.number().int(),
  concurrency: z.number().int(),
  /** Resident memory and CPU share since the previous beat (absent from older agents). */
  rssMb: z.number().optional(),
  cpuPercent: z.number().optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;
