/**
 * Delegation from the agent's side: hand a task to each direct subordinate through the
 * cluster's control queue, wait until every subtask has finished, and combine the results.
 * The control plane records the subtasks and enforces the guards (depth, budget, cycles).
 */
import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { keys } from "../infra/keys";
import { traceparentOf } from "../infra/tracing";
import type { AgentConfig, AgentJob, DelegateRequest } from "../schemas/agent-protocol";
import { PermanentTaskError } from "./runtimes/runtime";

export interface CachedResult {
  taskId: string;
  status: string;
  agentId: string | null;
  result?: unknown;
  error?: string | null;
}

export async function delegateToSubordinates(
  job: AgentJob,
  config: AgentConfig,
  deps: { controlQueue: Queue; redis: Redis; signal: AbortSignal; deadline: number },
) {
  // Never back up the chain: an agent that delegated to us cannot get the work again.
  const targets = config.subordinateIds.filter((id) => !job.chain.includes(id));
  if (!targets.length) throw new PermanentTaskError(`${config.key} has no subordinates to delegate to`);

  const subtasks = targets.map((agentId) => ({ id: randomUUID(), agentId }));
  // The run's span is active here: each subtask becomes its child, on whichever agent runs it.
  const traceparent = traceparentOf();
  const requests: DelegateRequest[] = subtasks.map((sub) => ({
    clusterId: config.clusterId,
    parentTaskId: job.taskId,
    subtaskId: sub.id,
    fromAgentId: config.agentId,
    targetAgentId: sub.agentId,
    task: { type: job.type, payload: job.payload },
    ...(traceparent ? { traceparent } : {}),
  }));
  await deps.controlQueue.addBulk(
    requests.map((data) => ({
      name: "delegate_task",
      data,
      opts: { jobId: `delegate-${data.subtaskId}`, removeOnComplete: true, removeOnFail: 1000 },
    })),
  );

  const pending = new Set(subtasks.map((s) => s.id));
  const waiter = deps.redis.duplicate();
  try {
    while (pending.size) {
      if (deps.signal.aborted) throw deps.signal.reason;
      const remaining = deps.deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`subtasks did not finish in time (${pending.size} of ${subtasks.length} pending)`);
      const popped = await waiter.blpop(keys.subtaskDone(job.taskId), Math.min(1, remaining / 1000));
      if (popped) pending.delete(popped[1] as (typeof subtasks)[number]["id"]);
    }
  } finally {
    waiter.disconnect();
  }

  const raw = await deps.redis.mget(subtasks.map((s) => keys.taskResult(s.id)));
  const results = raw.map((value, i) =>
    value ? (JSON.parse(value) as CachedResult) : { taskId: subtasks[i]!.id, status: "UNKNOWN", agentId: null },
  );
  const failed = results.find((r) => r.status !== "SUCCEEDED");
  if (failed)
    throw new PermanentTaskError(
      `subtask ${failed.taskId} ${failed.status.toLowerCase()}: ${failed.error ?? "no result"}`,
    );
  return {
    result: {
      delegatedTo: results.length,
      subtasks: results.map((r) => ({ taskId: r.taskId, agentId: r.agentId, result: r.result })),
    },
  };
}
