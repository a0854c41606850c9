import { traceIdOf } from "../domain/tracing/traceparent";
import type { Task } from "../generated/prisma/client";
import type { TaskDto } from "../schemas/task-api";

export function toTaskDto(row: Task): TaskDto {
  return {
    id: row.id,
    clusterId: row.clusterId,
    parentTaskId: row.parentTaskId,
    rootTaskId: row.rootTaskId,
    depth: row.depth,
    target: { kind: row.targetKind as TaskDto["target"]["kind"], value: row.targetValue },
    type: row.type,
    payload: row.payload,
    sessionKey: row.sessionKey,
    source: row.source,
    status: row.status,
    priority: row.priority,
    agentId: row.agentId,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    duplicateRuns: row.duplicateRuns,
    timeoutMs: row.timeoutMs,
    result: row.result ?? null,
    error: row.error,
    usage: row.usage ?? null,
    costUsd: row.costUsd,
    createdAt: row.createdAt.toISOString(),
    routedAt: row.routedAt?.toISOString() ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    traceId: traceIdOf(row.traceparent),
  };
}
