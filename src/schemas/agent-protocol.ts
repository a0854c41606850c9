/**
 * The contracts between the runner, its agent processes and the control plane: the IPC
 * handshake, the job an agent receives, and the outcome it reports.
 */
import { z } from "zod";
import { blueprintAgentSchema } from "./blueprint";
import { agentProviderSchema } from "./provider-api";

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
  /**
   * Shared memory over HTTP: the server's URL and this agent's credential (derived from its
   * result secret, which it cannot be used to recover). Absent when no server announced its URL.
   */
  memory: z.object({ url: z.string(), token: z.string() }).optional(),
  /** Its role's `memory` section of the blueprint (recall into prompts, storing answers). */
  roleMemory: z.unknown().optional(),
  /** The provider its role names (runtime.provider), as an admin defined it when the agent started. */
  provider: agentProviderSchema.optional(),
  /** Where it exports its spans (OTEL_EXPORTER_OTLP_ENDPOINT of its runner); no tracing without it. */
  otlpEndpoint: z.string().optional(),
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

/** A stored message of a session's conversation (LLM runtime) or transcript (tool session). */
export const sessionMessageSchema = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
});

/**
 * What the server knows of a task's session when it routes it: how many turns it has had
 * (anywhere), and the messages the runtime needs — the conversation window for an LLM, the
 * earlier prompts to replay for a tool whose blueprint asks for replay.
 */
export const jobSessionSchema = z.strictObject({
  key: z.string(),
  turns: z.number().int().min(0),
  messages: z.array(sessionMessageSchema).default([]),
  /** The turns left out of `messages`, summarised. */
  summary: z.string().optional(),
});
export type JobSession = z.infer<typeof jobSessionSchema>;

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
  /** Present when the task has a session key. */
  session: jobSessionSchema.optional(),
  /** W3C traceparent of the span that queued it: the agent's run joins that trace. */
  traceparent: z.string().optional(),
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

/**
 * Control-queue payload an agent sends to delegate part of its task (job `delegate_task`).
 * Agents of earlier versions spell the fields in snake_case, which the control queue still takes.
 */
export const delegateRequestSchema = z.strictObject({
  clusterId: z.string(),
  parentTaskId: z.string(),
  subtaskId: z.uuid(),
  fromAgentId: z.string(),
  targetAgentId: z.string().optional(),
  targetRole: z.string().optional(),
  /** `priority` 1–10; without it the subtask takes its parent's. */
  task: z.strictObject({
    type: z.string().min(1).max(100),
    payload: z.unknown(),
    priority: z.number().int().min(1).max(10).optional(),
  }),
  /** W3C traceparent of the delegating agent's run: the subtask is a child of it in the trace. */
  traceparent: z.string().optional(),
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
  /** Live tool sessions of a session-mode agent (absent otherwise). */
  sessions: z.array(z.lazy(() => liveSessionSchema)).optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** One live tool session as its agent reports it in its heartbeat. */
export const liveSessionSchema = z.strictObject({
  key: z.string(),
  /** The tool's process id; null once it is gone (the next prompt starts it again). */
  pid: z.number().int().nullable(),
  state: z.enum(["idle", "busy", "lost"]),
  turns: z.number().int().min(0),
  startedAt: z.number(),
  lastUsedAt: z.number(),
  /** Why its state is gone (tool exited, evicted …), told with the next answer. */
  lostReason: z.string().optional(),
});
export type LiveSession = z.infer<typeof liveSessionSchema>;

/** What a session-mode or conversation answer says about its session, inside the task result. */
export const resultSessionSchema = z.strictObject({
  key: z.string(),
  /** Turns of this session including this one. */
  turn: z.number().int().min(1),
  /** This answer came from a tool process started for it. */
  fresh: z.boolean(),
  /** Why the earlier state of this session is gone; absent when it carried over. */
  lost: z.string().optional(),
  /** Earlier prompts written again to the new tool before this one (on_move: replay). */
  replayed: z.number().int().min(0).optional(),
});
export type ResultSession = z.infer<typeof resultSessionSchema>;
