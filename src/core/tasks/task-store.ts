/**
 * The only writer of a task's status. Every move is checked against the table of
 * domain/tasks/task-states: the states a move may start from are the condition of its UPDATE,
 * so a move that does not apply (a late report, a task already finished) changes nothing.
 * Moves that end a task announce it (result cache, delegating parent, live event), and a task
 * that fails for good leaves a dead letter with every attempt's error.
 *
 * Writes are one statement per batch, whatever the batch size: the hot path (queued, started,
 * settled) costs the same few round trips for one task or a thousand.
 */

import { type FinishedTaskState, sourcesOf } from "../../domain/tasks/task-states";
import { Prisma } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";
import { createEventPublisher, type EventPublisher } from "../../infra/events";
import type { Redis } from "../../infra/redis";
import { announceFinished, type FinishedTask } from "./announce-finished";
import { type Decision, failRejected, type ReleasedTask, recordApprovals, releaseApproved } from "./approval-moves";
import { recordDeadLetters } from "./dead-letter-records";
import { costsOf } from "./task-costs";
import type { AgentWork, NewTask, SendBackScope, TaskSettlement, TaskStart } from "./task-records";
import { jsonParam, scopeCondition, statusList } from "./task-sql";

export interface TaskStoreDeps {
  db: Database;
  redis: Redis;
  events: EventPublisher;
  resultTtlSeconds: number;
}

export class TaskStore {
  constructor(private readonly deps: TaskStoreDeps) {}

  /**
   * Records new tasks: QUEUED (attempt 1) to the agent routing chose, PENDING, or
   * AWAITING_APPROVAL with the policy it waits under (in one transaction with it).
   */
  async insert(tasks: readonly NewTask[]): Promise<void> {
    if (!tasks.length) return;
    const held = tasks.filter((t) => t.approval);
    if (!held.length) return this.insertRows(this.deps.db, tasks);
    await this.deps.db.$transaction(async (tx) => {
      await this.insertRows(tx, tasks);
      await recordApprovals(
        tx,
        held.map((t) => ({ taskId: t.id, clusterId: t.clusterId, policy: t.approval! })),
      );
    });
    for (const [clusterId, ids] of idsByCluster(held))
      await this.deps.events.publish({
        type: "approvals",
        clusterId,
        at: new Date().toISOString(),
        change: "requested",
        taskIds: ids,
        by: null,
        comment: null,
      });
  }

  private async insertRows(sql: Pick<Database, "$executeRaw">, tasks: readonly NewTask[]): Promise<void> {
    const json = jsonParam(
      tasks.map((t) => ({
        id: t.id,
        cluster_id: t.clusterId,
        target_kind: t.targetKind,
        target_value: t.targetValue,
        type: t.type,
        payload: t.payload ?? null,
        session_key: t.sessionKey,
        source: t.source,
        timeout_ms: t.timeoutMs,
        max_attempts: t.maxAttempts,
        agent_id: t.agentId,
        parent_task_id: t.parentTaskId ?? null,
        root_task_id: t.rootTaskId ?? null,
        depth: t.depth ?? 0,
        chain: t.chain ?? [],
        traceparent: t.traceparent ?? null,
        priority: t.priority,
        held: Boolean(t.approval),
      })),
    );
    // One statement with the rows as a single JSON parameter: for a thousand tasks several times
    // faster than binding thousands of parameters.
    await sql.$executeRaw`
      INSERT INTO tasks (id, cluster_id, target_kind, target_value, type, payload, session_key, source, timeout_ms, max_attempts,
        parent_task_id, root_task_id, depth, chain, traceparent, priority, created_at, status, agent_id, attempts, routed_at)
      SELECT x.id, x.cluster_id, x.target_kind, x.target_value, x.type, coalesce(x.payload, 'null'::jsonb), x.session_key, x.source, x.timeout_ms, x.max_attempts,
        x.parent_task_id, x.root_task_id, x.depth, ARRAY(SELECT jsonb_array_elements_text(x.chain))::uuid[], x.traceparent, x.priority, now(),
        (CASE WHEN x.held THEN 'AWAITING_APPROVAL' WHEN x.agent_id IS NULL THEN 'PENDING' ELSE 'QUEUED' END)::"TaskStatus", x.agent_id, (CASE WHEN x.agent_id IS NULL THEN 0 ELSE 1 END),
        (CASE WHEN x.agent_id IS NULL THEN NULL ELSE now() END)
      FROM jsonb_to_recordset(${json}::jsonb)
        AS x(id uuid, cluster_id uuid, target_kind text, target_value text, type text, payload jsonb, session_key text, source text, timeout_ms int, max_attempts int,
          agent_id uuid, parent_task_id uuid, root_task_id uuid, depth int, chain jsonb, traceparent text, priority int, held boolean)`;
  }

  /** PENDING → QUEUED on the chosen agents; returns the ids this call moved (no double dispatch). */
  async markQueued(
    assignments: ReadonlyArray<{ taskId: string; agentId: string; attempt: number }>,
  ): Promise<Set<string>> {
    if (!assignments.length) return new Set();
    const moved = await this.deps.db.$queryRaw<Array<{ id: string }>>`
      UPDATE tasks SET status = 'QUEUED', agent_id = x.agent_id, attempts = x.attempt, routed_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(assignments.map((a) => ({ id: a.taskId, agent_id: a.agentId, attempt: a.attempt })))}::jsonb)
        AS x(id uuid, agent_id uuid, attempt int)
      WHERE tasks.id = x.id AND tasks.status = ANY(${statusList("QUEUED")})
      RETURNING tasks.id`;
    return new Set(moved.map((row) => row.id));
  }

  /** QUEUED → RUNNING for the attempts their agents have started; returns the tasks moved. */
  async markRunning(starts: readonly TaskStart[]): Promise<Array<{ id: string; clusterId: string; agentId: string }>> {
    if (!starts.length) return [];
    const rows = starts.map((s) => ({
      id: s.taskId,
      agent_id: s.agentId,
      attempt: s.attempt,
      started_at: new Date(s.startedAt).toISOString(),
    }));
    return this.deps.db.$queryRaw`
      UPDATE tasks SET status = 'RUNNING', started_at = x.started_at
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, agent_id uuid, attempt int, started_at timestamptz)
      WHERE tasks.id = x.id AND tasks.attempts = x.attempt AND tasks.agent_id = x.agent_id AND tasks.status = ANY(${statusList("RUNNING")})
      RETURNING tasks.id, tasks.cluster_id AS "clusterId", tasks.agent_id AS "agentId"`;
  }

  /**
   * Ends tasks with their agents' reports (SUCCEEDED, or FAILED for good), records the failed
   * attempt and its dead letter, and announces them. Reports of an attempt that is no longer
   * the current one change nothing.
   */
  async settle(settlements: readonly TaskSettlement[]): Promise<FinishedTask[]> {
    if (!settlements.length) return [];
    const costs = await costsOf(this.deps.db, settlements);
    const rows = settlements.map((s) => ({
      id: s.taskId,
      status: s.status,
      agent_id: s.agentId,
      attempt: s.attempt,
      result: s.result === undefined ? null : s.result,
      error: s.error,
      usage: s.usage ?? null,
      cost_usd: costs.get(s.taskId) ?? null,
      started_at: new Date(s.startedAt).toISOString(),
      finished_at: new Date(s.finishedAt).toISOString(),
    }));
    const updated = await this.deps.db.$queryRaw<
      Array<{
        id: string;
        cluster_id: string;
        parent_task_id: string | null;
        agent_id: string | null;
        status: "SUCCEEDED" | "FAILED";
        error: string | null;
        cost_usd: number | null;
      }>
    >`
      WITH settled AS (
        UPDATE tasks SET status = x.status::"TaskStatus", agent_id = x.agent_id, result = x.result, error = x.error, usage = x.usage,
          cost_usd = x.cost_usd, started_at = x.started_at, finished_at = x.finished_at
        FROM jsonb_to_recordset(${jsonParam(rows)}::jsonb)
          AS x(id uuid, status text, agent_id uuid, attempt int, result jsonb, error text, usage jsonb, cost_usd float8, started_at timestamptz, finished_at timestamptz)
        WHERE tasks.id = x.id AND tasks.attempts = x.attempt AND tasks.status = ANY(${statusList("SUCCEEDED")})
        RETURNING tasks.id, tasks.cluster_id, tasks.parent_task_id, tasks.agent_id, tasks.status, tasks.error, tasks.attempts, tasks.started_at, tasks.finished_at, tasks.cost_usd
      ), failed AS (
        INSERT INTO task_attempts (task_id, attempt, agent_id, outcome, error, started_at, finished_at)
        SELECT id, attempts, agent_id, 'failed', coalesce(error, 'failed'), started_at, finished_at FROM settled WHERE status = 'FAILED'
      )
      SELECT id, cluster_id, parent_task_id, agent_id, status::text AS status, error, cost_usd FROM settled`;
    const resultOf = new Map(settlements.map((s) => [s.taskId, s.result]));
    const finished = updated.map((row) => ({
      id: row.id,
      clusterId: row.cluster_id,
      parentTaskId: row.parent_task_id,
      agentId: row.agent_id,
      status: row.status,
      result: resultOf.get(row.id),
      error: row.error,
      costUsd: row.cost_usd,
    }));
    await recordDeadLetters(
      this.deps.db,
      finished.filter((t) => t.status === "FAILED").map((t) => t.id),
    );
    await this.announce(finished);
    return finished;
  }

  /**
   * A failed attempt that will be tried again: back to PENDING with the attempt on record.
   * Returns the task, ready for routing, or null when the report no longer counts.
   */
  async retry(report: {
    taskId: string;
    agentId: string;
    attempt: number;
    error: string;
    startedAt: number;
    finishedAt: number;
  }) {
    const [moved] = await this.deps.db.$queryRaw<Array<{ id: string }>>`
      WITH moved AS (
        UPDATE tasks SET status = 'PENDING', agent_id = NULL, error = ${`attempt ${report.attempt} failed: ${report.error}`.replaceAll("\u0000", "")}
        WHERE id = ${report.taskId}::uuid AND attempts = ${report.attempt} AND status = ANY(${statusList("PENDING")})
        RETURNING id
      ), attempt AS (
        INSERT INTO task_attempts (task_id, attempt, agent_id, outcome, error, started_at, finished_at)
        SELECT id, ${report.attempt}, ${report.agentId}::uuid, 'failed', ${report.error.replaceAll("\u0000", "")}, ${new Date(report.startedAt)}, ${new Date(report.finishedAt)} FROM moved
      )
      SELECT id FROM moved`;
    if (!moved) return null;
    return this.deps.db.task.findUnique({ where: { id: report.taskId } });
  }

  /**
   * Sends open tasks back to routing (QUEUED or RUNNING → PENDING), each lost attempt on record
   * with `reason`. `spareRetry`: the move is ours (a backlog spread), not a lost run, so the next
   * attempt is not counted against the task and nothing is recorded.
   */
  async sendBack(
    scope: SendBackScope,
    reason: string,
    options: { states?: ReadonlyArray<"QUEUED" | "RUNNING">; spareRetry?: boolean } = {},
  ): Promise<number> {
    const states = (options.states ?? sourcesOf("PENDING")).filter((s) => sourcesOf("PENDING").includes(s));
    const where = scopeCondition(scope);
    if (!where) return 0;
    const [row] = await this.deps.db.$queryRaw<Array<{ moved: number }>>`
      WITH old AS (
        SELECT id, agent_id, attempts, started_at FROM tasks
        WHERE ${where} AND status = ANY(ARRAY[${Prisma.join(states)}]::"TaskStatus"[])
        FOR UPDATE
      ), moved AS (
        UPDATE tasks t SET status = 'PENDING', agent_id = NULL,
          max_attempts = t.max_attempts + ${options.spareRetry ? 1 : 0}
        FROM old WHERE t.id = old.id
        RETURNING t.id, old.agent_id, old.attempts, old.started_at
      ), lost AS (
        INSERT INTO task_attempts (task_id, attempt, agent_id, outcome, error, started_at)
        SELECT id, attempts, agent_id, 'lost', ${reason}, started_at FROM moved WHERE ${!options.spareRetry} AND attempts > 0
      )
      SELECT count(*)::int AS moved FROM moved`;
    return row?.moved ?? 0;
  }

  /** Ends open tasks as CANCELLED with `reason`, and announces them. */
  async cancel(scope: { taskIds: readonly string[] } | { clusterId: string }, reason: string): Promise<FinishedTask[]> {
    const finished = await this.finish(scope, "CANCELLED", reason);
    await this.announce(finished);
    return finished;
  }

  /** Fails open tasks for good with `reason` (no agent can ever take them), with dead letters. */
  async fail(taskIds: readonly string[], reason: string): Promise<FinishedTask[]> {
    const finished = await this.finish({ taskIds }, "FAILED", reason);
    // On record before anyone hears of the failure, so whoever looks finds the letter.
    await recordDeadLetters(
      this.deps.db,
      finished.map((t) => t.id),
    );
    await this.announce(finished);
    return finished;
  }

  /** An approved task goes to routing (PENDING); null when it no longer waits for approval. */
  async release(taskId: string, decision: Decision): Promise<ReleasedTask | null> {
    const released = await releaseApproved(this.deps.db, taskId, decision);
    if (released) await this.publishDecision(released.clusterId, [taskId], decision);
    return released;
  }

  /** Rejected or timed-out tasks fail for good with `reason`; returns those that still waited. */
  async reject(taskIds: readonly string[], reason: string, decision: Decision): Promise<FinishedTask[]> {
    if (!taskIds.length) return [];
    const rows = await failRejected(this.deps.db, taskIds, reason, decision);
    const finished = rows.map((t) => ({
      id: t.id,
      clusterId: t.cluster_id,
      parentTaskId: t.parent_task_id,
      agentId: t.agent_id,
      status: "FAILED" as const,
      error: reason,
    }));
    await recordDeadLetters(
      this.deps.db,
      finished.map((t) => t.id),
    );
    for (const [clusterId, ids] of idsByCluster(finished)) await this.publishDecision(clusterId, ids, decision);
    await this.announce(finished);
    return finished;
  }

  private async publishDecision(clusterId: string, taskIds: string[], decision: Decision): Promise<void> {
    await this.deps.events.publish({
      type: "approvals",
      clusterId,
      at: new Date().toISOString(),
      change: decision.decision,
      taskIds,
      by: decision.by,
      comment: decision.comment,
    });
  }

  /** Reports of runs that had already been given up: the work was done more than once. */
  async countDuplicateRuns(taskIds: readonly string[]): Promise<void> {
    if (taskIds.length)
      await this.deps.db
        .$executeRaw`UPDATE tasks SET duplicate_runs = duplicate_runs + 1 WHERE id = ANY(${[...taskIds]}::uuid[])`;
  }

  /**
   * An agent with work in hand is BUSY, one without is IDLE. Only these two states are touched
   * (the runner owns STARTING, FAILED, STOPPED); returns the agents that changed.
   */
  async markAgentsBusy(agentIds: readonly string[]): Promise<AgentWork[]> {
    if (!agentIds.length) return [];
    return this.deps.db.$queryRaw`
      UPDATE cluster_agents SET status = 'BUSY' WHERE id = ANY(${[...new Set(agentIds)]}::uuid[]) AND status = 'IDLE'
      RETURNING id, cluster_id AS "clusterId", agent_key AS key, status::text AS status, pid, circuit_state AS circuit`;
  }

  async markAgentsIdleWhenDone(agentIds: readonly string[]): Promise<AgentWork[]> {
    if (!agentIds.length) return [];
    return this.deps.db.$queryRaw`
      UPDATE cluster_agents a SET status = 'IDLE'
      WHERE a.id = ANY(${[...new Set(agentIds)]}::uuid[]) AND a.status = 'BUSY'
        AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.agent_id = a.id AND t.status = 'RUNNING')
      RETURNING a.id, a.cluster_id AS "clusterId", a.agent_key AS key, a.status::text AS status, a.pid, a.circuit_state AS circuit`;
  }

  private async finish(
    scope: { taskIds: readonly string[] } | { clusterId: string },
    status: FinishedTaskState,
    reason: string,
  ): Promise<FinishedTask[]> {
    const where = scopeCondition(scope);
    if (!where) return [];
    const rows = await this.deps.db.$queryRaw<
      Array<{ id: string; cluster_id: string; parent_task_id: string | null; agent_id: string | null }>
    >`
      UPDATE tasks SET status = ${status}::"TaskStatus", error = ${reason}, finished_at = now()
      WHERE ${where} AND status = ANY(${statusList(status)})
      RETURNING id, cluster_id, parent_task_id, agent_id`;
    return rows.map((t) => ({
      id: t.id,
      clusterId: t.cluster_id,
      parentTaskId: t.parent_task_id,
      agentId: t.agent_id,
      status,
      error: reason,
    }));
  }

  private announce(finished: readonly FinishedTask[]): Promise<void> {
    return announceFinished(
      { redis: this.deps.redis, events: this.deps.events, resultTtlSeconds: this.deps.resultTtlSeconds },
      finished,
    );
  }
}

function idsByCluster(tasks: ReadonlyArray<{ id: string; clusterId: string }>): Map<string, string[]> {
  const byCluster = new Map<string, string[]>();
  for (const t of tasks) byCluster.set(t.clusterId, [...(byCluster.get(t.clusterId) ?? []), t.id]);
  return byCluster;
}

/** A store for code that holds only the connections (the runner, a heal action). */
export function taskStoreOf(deps: {
  db: Database;
  redis: Redis;
  resultTtlSeconds: number;
  eventHistory: number;
}): TaskStore {
  return new TaskStore({ ...deps, events: createEventPublisher(deps.redis, deps.eventHistory) });
}
