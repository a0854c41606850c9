/**
 * Runs one job: the runtime (or delegation) under a deadline and a cancellation signal,
 * then reports the outcome to the results stream. The job itself never fails in BullMQ:
 * retries are decided by the control plane, which may pick another agent.
 */
import type { Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { signReport } from "../domain/tasks/outcome-signature";
import { keys } from "../infra/keys";
import { inSpan, markFailed, SpanKind } from "../infra/tracing";
import {
  type AgentConfig,
  type AgentJob,
  RESULT_FIELDS,
  type TaskOutcome,
  type TaskStartReport,
} from "../schemas/agent-protocol";
import { delegateToSubordinates } from "./delegation";
import { isAgentJob } from "./job-shape";
import { PermanentTaskError, type Runtime, type RuntimeOutput } from "./runtimes/runtime";

export interface ProcessorState {
  processed: number;
  failed: number;
  active: number;
  inFlight: Map<string, AbortController>;
}

/**
 * A run still going after this long tells the control plane it has started (the task shows
 * RUNNING, its agent BUSY). Shorter runs are known by their outcome alone, which keeps the
 * cost of a burst of quick tasks at one report each.
 */
export const START_REPORT_DELAY_MS = 100;

export class CancelledError extends Error {
  constructor() {
    super("cancelled");
  }
}

export function createTaskProcessor(
  config: AgentConfig,
  runtime: Runtime,
  deps: {
    redis: Redis;
    controlQueue: Queue;
    state: ProcessorState;
    /** One line of the agent's output per run (its runner keeps it for people to read). */
    say?: (line: string, failed: boolean) => void;
  },
) {
  const delegates = config.runtime.type === "builtin" && config.runtime.behaviour === "delegate";
  const { state } = deps;

  return async (bullJob: Job): Promise<void> => {
    const startedAt = Date.now();
    if (!isAgentJob(bullJob.data)) {
      const taskId = typeof bullJob.data?.taskId === "string" ? bullJob.data.taskId : (bullJob.id ?? "unknown");
      return report(deps.redis, config, {
        taskId,
        agentId: config.agentId,
        attempt: 1,
        ok: false,
        retryable: false,
        error: "malformed job: it does not have the shape of an agent job",
        startedAt,
        finishedAt: Date.now(),
      });
    }
    const job = bullJob.data;
    // The run is a child of the span that queued it (submit, or a delegation in another process).
    await inSpan(
      "task.run",
      {
        parent: job.traceparent ?? null,
        kind: SpanKind.CONSUMER,
        attributes: {
          "myzel.task.id": job.taskId,
          "myzel.task.attempt": job.attempt,
          "myzel.task.type": job.type,
          "myzel.agent.key": config.key,
          "myzel.agent.role": config.role,
          "myzel.cluster.id": job.clusterId,
          "messaging.system": "bullmq",
          "messaging.operation.type": "process",
          "myzel.queue.wait_ms": Math.max(0, startedAt - bullJob.timestamp),
        },
      },
      async (span) => {
        deps.say?.(`task ${job.taskId} attempt ${job.attempt}: started (${job.type})`, false);
        const outcome = await run(job, startedAt);
        deps.say?.(
          `task ${job.taskId} attempt ${job.attempt}: ${outcome.ok ? "succeeded" : outcome.retryable ? "failed, may be retried" : "failed"} after ${outcome.finishedAt - startedAt} ms${outcome.ok ? "" : `: ${outcome.error ?? "no reason"}`}`,
          !outcome.ok,
        );
        span.setAttribute("myzel.task.outcome", outcome.ok ? "ok" : outcome.retryable ? "retry" : "failed");
        if (!outcome.ok) markFailed(span, outcome.error ?? "failed");
        await report(deps.redis, config, outcome);
      },
    );
  };

  async function run(job: AgentJob, startedAt: number): Promise<TaskOutcome> {
    const controller = new AbortController();
    const deadline = startedAt + job.timeoutMs;
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${job.timeoutMs} ms`)), job.timeoutMs);
    state.inFlight.set(job.taskId, controller);
    state.active++;
    const startReport = setTimeout(() => {
      const start: TaskStartReport = { taskId: job.taskId, agentId: config.agentId, attempt: job.attempt, startedAt };
      deps.redis.xadd(keys.results, "*", RESULT_FIELDS.start, JSON.stringify(start)).catch(() => {});
    }, START_REPORT_DELAY_MS);
    let outcome: TaskOutcome;
    try {
      const output: RuntimeOutput = delegates
        ? await delegateToSubordinates(job, config, {
            controlQueue: deps.controlQueue,
            redis: deps.redis,
            signal: controller.signal,
            deadline,
          })
        : await Promise.race([
            runtime(
              {
                taskId: job.taskId,
                timeoutMs: job.timeoutMs,
                type: job.type,
                payload: job.payload,
                session: job.session,
              },
              { agent: config, signal: controller.signal },
            ),
            rejectOnAbort(controller.signal),
          ]);
      outcome = {
        taskId: job.taskId,
        agentId: config.agentId,
        attempt: job.attempt,
        ok: true,
        result: output.result,
        usage: output.usage,
        retryable: true,
        startedAt,
        finishedAt: Date.now(),
      };
      state.processed++;
    } catch (error) {
      const reason =
        controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason : error;
      const message = reason instanceof Error ? reason.message : String(reason);
      const retryable = !(reason instanceof PermanentTaskError || reason instanceof CancelledError);
      outcome = {
        taskId: job.taskId,
        agentId: config.agentId,
        attempt: job.attempt,
        ok: false,
        error: message,
        retryable,
        startedAt,
        finishedAt: Date.now(),
      };
      state.failed++;
    } finally {
      clearTimeout(timer);
      clearTimeout(startReport);
      state.inFlight.delete(job.taskId);
      state.active--;
    }
    return outcome;
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** Tries for about half a minute: a report lost here would leave the task to be found lost and run again. */
const REPORT_ATTEMPTS = 40;

async function report(redis: Redis, config: AgentConfig, outcome: TaskOutcome) {
  const entry = JSON.stringify({ ...outcome, signature: signReport(config.resultSecret, outcome) });
  for (let attempt = 1; ; attempt++) {
    try {
      await redis.xadd(keys.results, "*", RESULT_FIELDS.outcome, entry);
      return;
    } catch (error) {
      // A Redis that just restarted refuses this agent's user until its runner has created it again.
      if (attempt >= REPORT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1000)));
    }
  }
}
