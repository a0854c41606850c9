/**
 * Reads agents' reports from the results stream in batches and settles them in PostgreSQL
 * with one statement per batch: successes and final failures are recorded, retryable
 * failures go back to routing after a backoff. Reports are acknowledged only once recorded,
 * so a server that dies mid-batch leaves them to be read again.
 */

import type { CircuitState } from "../../domain/healing/restart-policy";
import { retryDelay } from "../../domain/tasks/retry-delay";
import { settleOutcome } from "../../domain/tasks/settle-outcome";
import { mayHoldNul, withoutNul } from "../../domain/tasks/storable-text";
import type { TaskState } from "../../domain/tasks/task-states";
import type { Settings } from "../../env";
import type { Database } from "../../infra/database/client";
import type { EventPublisher } from "../../infra/events";
import { keys } from "../../infra/keys";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";
import { recordSpan, SpanKind } from "../../infra/tracing";
import {
  RESULT_FIELDS,
  type TaskOutcome,
  type TaskStartReport,
  taskOutcomeSchema,
  taskStartSchema,
} from "../../schemas/agent-protocol";
import { enforceBudgets } from "../budgets/budget-enforcer";
import { recordSessionTurns } from "../sessions/record-turns";
import { announceFinished, type FinishedTask } from "./announce-finished";
import type { Dispatcher } from "./dispatcher";
import { ReportSignatures } from "./report-signatures";
import type { TaskSettlement } from "./task-records";
import type { TaskStore } from "./task-store";

interface Deps {
  db: Database;
  redis: Redis;
  events: EventPublisher;
  dispatcher: Dispatcher;
  tasks: TaskStore;
  settings: Settings;
  log: Logger;
  consumer: string;
}

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

export class ResultRecorder {
  private running = false;
  private loop?: Promise<void>;
  private readonly reader: Redis;
  private readonly signatures: ReportSignatures;

  constructor(private readonly deps: Deps) {
    this.signatures = new ReportSignatures(deps.redis);
    this.reader = deps.redis.duplicate();
    this.reader.on("error", () => {});
  }

  private async createGroup(): Promise<void> {
    await this.deps.redis.xgroup("CREATE", keys.results, keys.resultsGroup, "0", "MKSTREAM").catch((error: Error) => {
      if (!error.message.includes("BUSYGROUP")) throw error;
    });
  }

  async start(): Promise<void> {
    await this.createGroup();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reader.disconnect();
    await this.loop?.catch(() => {});
  }

  private async run(): Promise<void> {
    // First what this consumer read before a crash but never acknowledged, then new reports.
    let cursor = "0";
    while (this.running) {
      try {
        const reply = (await this.reader.xreadgroup(
          "GROUP",
          keys.resultsGroup,
          this.deps.consumer,
          "COUNT",
          1000,
          "BLOCK",
          1000,
          "STREAMS",
          keys.results,
          cursor,
        )) as StreamReply;
        const entries = reply?.[0]?.[1] ?? [];
        if (cursor === "0" && entries.length === 0) cursor = ">";
        if (entries.length) await this.record(entries, cursor === "0");
      } catch (error) {
        if (this.running) {
          // Read this consumer's unacknowledged reports again from the start.
          cursor = "0";
          // A Redis that lost its data also lost the consumer group: create it again.
          if ((error as Error).message.includes("NOGROUP")) await this.createGroup().catch(() => {});
          this.deps.log.warn({ err: (error as Error).message }, "recording task results failed; retrying");
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  }

  /** `replay`: reports read again after a crash; those already recorded may not have been announced. */
  private async record(entries: Array<[string, string[]]>, replay = false): Promise<void> {
    const { db, redis, dispatcher, settings, log, tasks: store } = this.deps;
    const parsed = parseEntries(entries, (fields) => log.warn({ fields }, "ignored a malformed task report"));
    const { starts } = parsed;
    const { genuine: outcomes, forged } = await this.signatures.check(parsed.outcomes);
    if (forged.length)
      log.warn(
        { reports: forged.map((o) => ({ taskId: o.taskId, agentId: o.agentId, attempt: o.attempt })) },
        "ignored task reports not signed by the agent they name",
      );
    const ids = [...new Set(outcomes.map((o) => o.taskId))].filter(isUuid);
    const tasks = ids.length
      ? await db.$queryRaw<
          Array<{
            id: string;
            status: TaskState;
            attempts: number;
            maxAttempts: number;
            agentId: string | null;
            traceparent: string | null;
          }>
        >`
          SELECT id, status::text AS status, attempts, max_attempts AS "maxAttempts", agent_id::text AS "agentId", traceparent
          FROM tasks WHERE id = ANY(${ids}::uuid[])`
      : [];
    const byId = new Map(tasks.map((t) => [t.id, t]));

    const settled: TaskSettlement[] = [];
    const retries: TaskOutcome[] = [];
    const duplicates: string[] = [];
    const recordedBefore: string[] = [];
    for (const outcome of outcomes) {
      dispatcher.release(outcome.agentId);
      const decision = settleOutcome(byId.get(outcome.taskId), outcome);
      if (decision === "succeed" || decision === "fail")
        settled.push(settlementOf(outcome, decision === "succeed" ? "SUCCEEDED" : "FAILED"));
      else if (decision === "retry") retries.push(outcome);
      else if (isDuplicateRun(byId.get(outcome.taskId), outcome)) duplicates.push(outcome.taskId);
      else if (replay && isRecordedRun(byId.get(outcome.taskId), outcome)) recordedBefore.push(outcome.taskId);
    }
    // A run reported for an attempt already given up (its agent died after finishing, say): the
    // work was done twice; the record says so instead of recording it twice.
    await store.countDuplicateRuns(duplicates);

    // A start whose outcome is in the same batch is already history: only the outcome is written.
    const reported = new Set(outcomes.map((o) => `${o.taskId}:${o.attempt}`));
    const started = await store.markRunning(
      starts.filter((s) => isUuid(s.taskId) && isUuid(s.agentId) && !reported.has(`${s.taskId}:${s.attempt}`)),
    );
    const finished = await store.settle(settled);
    // A cost may have used up a budget: its cluster's provider calls are held before its agents' next turn.
    const costly = [...new Set(finished.filter((f) => f.costUsd).map((f) => f.clusterId))];
    if (costly.length)
      await enforceBudgets(this.deps, costly).catch((error: unknown) =>
        log.warn({ err: error }, "could not check the budgets of clusters whose tasks cost"),
      );
    await recordSessionTurns(
      this.deps,
      settled.filter((s) => s.status === "SUCCEEDED"),
    ).catch((error: unknown) => log.warn({ err: error }, "could not record the turns of sessions"));
    // The way back in the task's trace: from the agent's report to the record.
    for (const s of settled)
      recordSpan("task.result", {
        parent: byId.get(s.taskId)?.traceparent ?? null,
        kind: SpanKind.CONSUMER,
        startTime: s.finishedAt,
        attributes: { "myzel.task.id": s.taskId, "myzel.task.status": s.status, "myzel.agent.id": s.agentId },
        error: s.error,
      });

    for (const outcome of retries) {
      const delay = retryDelay(
        outcome.attempt,
        { baseMs: settings.TASK_RETRY_BASE_MS, maxMs: settings.TASK_RETRY_MAX_MS },
        Math.random,
      );
      const task = await store.retry({ ...outcome, error: outcome.error ?? "failed" });
      if (task) await dispatcher.dispatch([task], delay);
    }

    // Recorded before a crash, perhaps never announced: a delegating parent may be waiting for them.
    if (recordedBefore.length)
      await announceFinished(
        { redis, events: this.deps.events, resultTtlSeconds: settings.RESULT_TTL_SECONDS },
        await recordedTasks(db, recordedBefore),
      );
    await this.publishWork(started, outcomes.map((o) => o.agentId).filter(isUuid));
    await redis.xack(keys.results, keys.resultsGroup, ...entries.map(([id]) => id));
    // The stream is a hand-over, not a log: trim what every reader has acknowledged long ago.
    if (Math.random() < 0.01) await redis.xtrim(keys.results, "MAXLEN", "~", 100_000).catch(() => {});
  }

  /** Tasks that started go live; agents with work in hand are BUSY, agents done with it IDLE again. */
  private async publishWork(
    started: ReadonlyArray<{ id: string; clusterId: string; agentId: string }>,
    reportedBy: readonly string[],
  ): Promise<void> {
    const { tasks: store, events } = this.deps;
    const at = new Date().toISOString();
    const byCluster = new Map<string, Array<{ id: string; agentId: string }>>();
    for (const task of started)
      byCluster.set(task.clusterId, [...(byCluster.get(task.clusterId) ?? []), { id: task.id, agentId: task.agentId }]);
    for (const [clusterId, list] of byCluster)
      await events.publish({ type: "tasks.started", clusterId, at, tasks: list });
    const changed = [
      ...(await store.markAgentsBusy(started.map((t) => t.agentId))),
      ...(await store.markAgentsIdleWhenDone(reportedBy)),
    ];
    for (const agent of changed) {
      await events.publish({
        type: "agent.status",
        clusterId: agent.clusterId,
        at,
        agentId: agent.id,
        key: agent.key,
        status: agent.status,
        pid: agent.pid,
        circuit: agent.circuit as CircuitState,
      });
    }
  }
}

function settlementOf(outcome: TaskOutcome, status: TaskSettlement["status"]): TaskSettlement {
  return {
    taskId: outcome.taskId,
    status,
    agentId: outcome.agentId,
    attempt: outcome.attempt,
    result: outcome.result,
    error: outcome.error ?? null,
    usage: outcome.usage ?? null,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
  };
}

/** Outcomes and start notes, in stream order; anything else is logged and skipped. */
function parseEntries(entries: Array<[string, string[]]>, onMalformed: (fields: string[]) => void) {
  const outcomes: TaskOutcome[] = [];
  const starts: TaskStartReport[] = [];
  for (const [, fields] of entries) {
    const [field, value] = fields;
    const parsed =
      field === RESULT_FIELDS.start
        ? taskStartSchema.safeParse(safeJson(value))
        : taskOutcomeSchema.safeParse(safeJson(value));
    if (!parsed.success) onMalformed(fields);
    else if (field === RESULT_FIELDS.start) starts.push(parsed.data as TaskStartReport);
    else outcomes.push(parsed.data as TaskOutcome);
  }
  return { outcomes, starts };
}

/** This very run is what the record already holds. */
function isRecordedRun(task: { status: TaskState; attempts: number } | undefined, outcome: TaskOutcome): boolean {
  return !!task && task.attempts === outcome.attempt && task.status === (outcome.ok ? "SUCCEEDED" : "FAILED");
}

async function recordedTasks(db: Database, ids: string[]): Promise<FinishedTask[]> {
  const rows = await db.task.findMany({
    where: { id: { in: ids } },
    select: { id: true, clusterId: true, parentTaskId: true, agentId: true, status: true, result: true, error: true },
  });
  return rows.map((r) => ({
    id: r.id,
    clusterId: r.clusterId,
    parentTaskId: r.parentTaskId,
    agentId: r.agentId,
    status: r.status as FinishedTask["status"],
    result: r.result,
    error: r.error,
  }));
}

function isDuplicateRun(task: { attempts: number } | undefined, outcome: TaskOutcome): boolean {
  return !!task && outcome.ok && outcome.attempt < task.attempts;
}

function safeJson(text: string | undefined): unknown {
  try {
    const value: unknown = JSON.parse(text ?? "");
    return text && mayHoldNul(text) ? withoutNul(value) : value;
  } catch {
    return undefined;
  }
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
