/**
 * Reads agents' reports from the results stream in batches and settles them in PostgreSQL
 * with one statement per batch: successes and final failures are recorded, retryable
 * failures go back to routing after a backoff. Reports are acknowledged only once recorded,
 * so a server that dies mid-batch leaves them to be read again.
 */
import type { Settings } from "../env";
import { retryDelay } from "../domain/tasks/retry-delay";
import { settleOutcome, type TaskState } from "../domain/tasks/settle-outcome";
import type { Database } from "../infra/database/client";
import type { EventPublisher } from "../infra/events";
import { keys } from "../infra/keys";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import { taskOutcomeSchema, type TaskOutcome } from "../schemas/agent-protocol";
import { announceFinished, type FinishedTask } from "./announce-finished";
import type { Dispatcher } from "./dispatcher";

interface Deps {
  db: Database;
  redis: Redis;
  events: EventPublisher;
  dispatcher: Dispatcher;
  settings: Settings;
  log: Logger;
  consumer: string;
}

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

export class ResultRecorder {
  private running = false;
  private loop?: Promise<void>;
  private readonly reader: Redis;

  constructor(private readonly deps: Deps) {
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
        const reply = (await this.reader.xreadgroup("GROUP", keys.resultsGroup, this.deps.consumer, "COUNT", 1000, "BLOCK", 1000, "STREAMS", keys.results, cursor)) as StreamReply;
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
    const { db, redis, dispatcher, settings, log } = this.deps;
    const outcomes: TaskOutcome[] = [];
    for (const [, fields] of entries) {
      const parsed = taskOutcomeSchema.safeParse(safeJson(fields[1]));
      if (parsed.success) outcomes.push(parsed.data);
      else log.warn({ fields }, "ignored a malformed task report");
    }
    const ids = [...new Set(outcomes.map((o) => o.taskId))].filter(isUuid);
    const tasks = ids.length
      ? await db.$queryRaw<Array<{ id: string; status: TaskState; attempts: number; maxAttempts: number }>>`
          SELECT id, status::text AS status, attempts, max_attempts AS "maxAttempts" FROM tasks WHERE id = ANY(${ids}::uuid[])`
      : [];
    const byId = new Map(tasks.map((t) => [t.id, t]));

    const settled: Array<{ outcome: TaskOutcome; status: "SUCCEEDED" | "FAILED" }> = [];
    const retries: TaskOutcome[] = [];
    const duplicates: string[] = [];
    const recordedBefore: string[] = [];
    for (const outcome of outcomes) {
      dispatcher.release(outcome.agentId);
      const decision = settleOutcome(byId.get(outcome.taskId), outcome);
      if (decision === "succeed") settled.push({ outcome, status: "SUCCEEDED" });
      else if (decision === "fail") settled.push({ outcome, status: "FAILED" });
      else if (decision === "retry") retries.push(outcome);
      else if (isDuplicateRun(byId.get(outcome.taskId), outcome)) duplicates.push(outcome.taskId);
      else if (replay && isRecordedRun(byId.get(outcome.taskId), outcome)) recordedBefore.push(outcome.taskId);
    }
    // A run reported for an attempt already given up (its agent died after finishing, say): the
    // work was done twice; the record says so instead of recording it twice.
    if (duplicates.length) await db.$executeRaw`UPDATE tasks SET duplicate_runs = duplicate_runs + 1 WHERE id = ANY(${duplicates}::uuid[])`;

    let finished: FinishedTask[] = [];
    if (settled.length) {
      const rows = settled.map(({ outcome, status }) => ({
        id: outcome.taskId,
        status,
        agent_id: outcome.agentId,
        attempt: outcome.attempt,
        result: outcome.result === undefined ? null : outcome.result,
        error: outcome.error ?? null,
        usage: outcome.usage ?? null,
        started_at: new Date(outcome.startedAt).toISOString(),
        finished_at: new Date(outcome.finishedAt).toISOString(),
      }));
      const updated = await db.$queryRaw<Array<{ id: string; cluster_id: string; parent_task_id: string | null; agent_id: string | null; status: "SUCCEEDED" | "FAILED" }>>`
        UPDATE tasks SET status = x.status::"TaskStatus", agent_id = x.agent_id, result = x.result, error = x.error, usage = x.usage,
          started_at = x.started_at, finished_at = x.finished_at
        FROM jsonb_to_recordset(${withoutNul(JSON.stringify(rows))}::jsonb)
          AS x(id uuid, status text, agent_id uuid, attempt int, result jsonb, error text, usage jsonb, started_at timestamptz, finished_at timestamptz)
        WHERE tasks.id = x.id AND tasks.attempts = x.attempt AND tasks.status IN ('PENDING', 'QUEUED', 'RUNNING')
        RETURNING tasks.id, tasks.cluster_id, tasks.parent_task_id, tasks.agent_id, tasks.status`;
      const resultOf = new Map(settled.map((s) => [s.outcome.taskId, s.outcome]));
      finished = updated.map((row) => ({ id: row.id, clusterId: row.cluster_id, parentTaskId: row.parent_task_id, agentId: row.agent_id, status: row.status, result: resultOf.get(row.id)?.result, error: resultOf.get(row.id)?.error }));
    }

    for (const outcome of retries) {
      const delay = retryDelay(outcome.attempt, { baseMs: settings.TASK_RETRY_BASE_MS, maxMs: settings.TASK_RETRY_MAX_MS }, Math.random);
      const { count } = await db.task.updateMany({ where: { id: outcome.taskId, attempts: outcome.attempt, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "PENDING", error: `attempt ${outcome.attempt} failed: ${outcome.error}` } });
      if (!count) continue;
      const task = await db.task.findUniqueOrThrow({ where: { id: outcome.taskId } });
      await dispatcher.dispatch([task], delay);
    }

    // Recorded before a crash, perhaps never announced: a delegating parent may be waiting for them.
    if (recordedBefore.length) finished = [...finished, ...(await recordedTasks(db, recordedBefore))];
    await announceFinished({ redis, events: this.deps.events, resultTtlSeconds: settings.RESULT_TTL_SECONDS }, finished);
    await redis.xack(keys.results, keys.resultsGroup, ...entries.map(([id]) => id));
    // The stream is a hand-over, not a log: trim what every reader has acknowledged long ago.
    if (Math.random() < 0.01) await redis.xtrim(keys.results, "MAXLEN", "~", 100_000).catch(() => {});
  }
}

/** This very run is what the record already holds. */
function isRecordedRun(task: { status: TaskState; attempts: number } | undefined, outcome: TaskOutcome): boolean {
  return !!task && task.attempts === outcome.attempt && task.status === (outcome.ok ? "SUCCEEDED" : "FAILED");
}

async function recordedTasks(db: Database, ids: string[]): Promise<FinishedTask[]> {
  const rows = await db.task.findMany({ where: { id: { in: ids } }, select: { id: true, clusterId: true, parentTaskId: true, agentId: true, status: true, result: true, error: true } });
  return rows.map((r) => ({ id: r.id, clusterId: r.clusterId, parentTaskId: r.parentTaskId, agentId: r.agentId, status: r.status as FinishedTask["status"], result: r.result, error: r.error }));
}

function isDuplicateRun(task: { attempts: number } | undefined, outcome: TaskOutcome): boolean {
  return !!task && outcome.ok && outcome.attempt < task.attempts;
}

/** PostgreSQL text and jsonb cannot hold NUL; a tool that prints one must not block the batch. */
function withoutNul(json: string): string {
  return json.replaceAll("\\u0000", "");
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
