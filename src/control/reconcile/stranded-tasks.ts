/**
 * Finds open tasks that will never be run where they are and routes them again, within
 * seconds rather than at a timeout: tasks on the queue of an agent that was retired and has
 * stopped; tasks whose queue job has vanished (Redis lost it, the queue was emptied) — judged
 * by domain/tasks/lost-jobs so a report still on its way is never mistaken for a loss; and, as
 * the last net, tasks open far longer than their own timeout. Nothing accepted waits forever.
 */

import type { Dispatcher } from "../../core/tasks/dispatcher";
import type { TaskStore } from "../../core/tasks/task-store";
import { judgeMissingJobs, type Suspect } from "../../domain/tasks/lost-jobs";
import type { Database } from "../../infra/database/client";
import { keys, QUEUE_PREFIX } from "../../infra/keys";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";

/** Slack beyond a task's own timeout before its silence counts as lost, whatever its job says. */
const REPORT_GRACE_MS = 30_000;
/** A job must be missing this long (and the recorder past it) before its task counts as lost. */
const MISSING_CONFIRM_MS = 2_000;
const OVERDUE_EVERY_PASSES = 10;
/** Jobs looked up per pass; the rest are looked at in the next passes, oldest first. */
const CHECKS_PER_PASS = 2_000;

interface Deps {
  db: Database;
  redis: Redis;
  tasks: TaskStore;
  dispatcher: Dispatcher;
  log: Logger;
}

interface OpenTask {
  id: string;
  agent_id: string;
  attempts: number;
  routed_at: Date;
}

export class StrandedTasks {
  private suspects = new Map<string, Suspect>();
  /** Where the next pass goes on looking through open tasks (by the time they were routed). */
  private cursor = new Date(0);
  private passes = 0;

  constructor(private readonly deps: Deps) {}

  async recover(): Promise<number> {
    // The overdue check reads every open task: the last net, cast every tenth pass.
    const overdue = this.passes++ % OVERDUE_EVERY_PASSES === 0 ? await this.overdue() : 0;
    return (await this.onStoppedAgents()) + (await this.withLostJobs()) + overdue;
  }

  /** Open tasks of retired agents that have stopped: nobody will run them there. */
  private async onStoppedAgents(): Promise<number> {
    const stranded = await this.deps.db.$queryRaw<OpenTask[]>`
      SELECT t.id, t.agent_id, t.attempts, t.routed_at FROM tasks t JOIN cluster_agents a ON a.id = t.agent_id
      WHERE t.status IN ('QUEUED', 'RUNNING') AND a.removed_at IS NOT NULL AND a.status IN ('STOPPED', 'FAILED')
      LIMIT 1000`;
    return this.sendBack(stranded, "its agent was retired and has stopped");
  }

  private async overdue(): Promise<number> {
    const overdue = await this.deps.db.$queryRaw<OpenTask[]>`
      SELECT id, agent_id, attempts, routed_at FROM tasks
      WHERE status IN ('QUEUED', 'RUNNING') AND routed_at + (timeout_ms + ${REPORT_GRACE_MS}) * interval '1 millisecond' < now()
      LIMIT 1000`;
    return this.sendBack(overdue, "no report long after its timeout");
  }

  private async withLostJobs(): Promise<number> {
    const { db, redis } = this.deps;
    const suspectIds = [...this.suspects.keys()].map((key) => key.split(":")[0]!);
    const [batch, suspected] = await Promise.all([
      db.$queryRaw<OpenTask[]>`
        SELECT id, agent_id, attempts, routed_at FROM tasks
        WHERE status IN ('QUEUED', 'RUNNING') AND routed_at > ${this.cursor} AND routed_at < now() - interval '2 seconds'
        ORDER BY routed_at LIMIT ${CHECKS_PER_PASS}`,
      suspectIds.length
        ? db.$queryRaw<
            OpenTask[]
          >`SELECT id, agent_id, attempts, routed_at FROM tasks WHERE id = ANY(${suspectIds}::uuid[]) AND status IN ('QUEUED', 'RUNNING')`
        : Promise.resolve([]),
    ]);
    this.cursor = batch.length < CHECKS_PER_PASS ? new Date(0) : batch[batch.length - 1]!.routed_at;
    const open = new Map([...batch, ...suspected].filter((t) => t.agent_id).map((t) => [`${t.id}:${t.attempts}`, t]));
    if (!open.size) {
      this.suspects.clear();
      return 0;
    }
    const pipeline = redis.pipeline();
    for (const task of open.values())
      pipeline.exists(`${QUEUE_PREFIX}:${keys.agentQueue(task.agent_id)}:${task.id}-${task.attempts}`);
    pipeline.xinfo("STREAM", keys.results);
    pipeline.xinfo("GROUPS", keys.results);
    const replies = (await pipeline.exec()) ?? [];
    const stream = replies.at(-2)?.[1] as unknown[] | undefined;
    const groups = replies.at(-1)?.[1] as unknown[][] | undefined;
    const streamEnd = fieldOf(stream, "last-generated-id");
    const recorderReadTo = fieldOf(
      groups?.find((g) => fieldOf(g, "name") === keys.resultsGroup),
      "last-delivered-id",
    );
    if (!streamEnd || !recorderReadTo) return 0;
    const tasks = [...open.values()];
    const missing = tasks.filter((_, i) => replies[i]?.[1] === 0).map((t) => `${t.id}:${t.attempts}`);
    // Every suspect is looked at again each pass: one whose task has finished or moved on is dropped.
    const judged = judgeMissingJobs({
      previous: this.suspects,
      missing,
      now: Date.now(),
      streamEnd,
      recorderReadTo,
      confirmMs: MISSING_CONFIRM_MS,
    });
    this.suspects = judged.suspects;
    return this.sendBack(
      judged.lost.map((key) => open.get(key)!),
      "its queued job was lost",
    );
  }

  /** Out of the old queue first, so the old job cannot run as well once its agent comes back. */
  private async sendBack(tasks: readonly OpenTask[], reason: string): Promise<number> {
    if (!tasks.length) return 0;
    for (const task of tasks) await this.deps.dispatcher.unqueue(task.agent_id, `${task.id}-${task.attempts}`);
    const moved = await this.deps.tasks.sendBack({ taskIds: tasks.map((t) => t.id) }, reason);
    if (moved) this.deps.log.warn({ tasks: moved, reason }, "routing open tasks again");
    return moved;
  }
}

/** A field of a Redis reply given as a flat [name, value, name, value…] list. */
function fieldOf(reply: unknown[] | undefined, name: string): string | undefined {
  if (!Array.isArray(reply)) return undefined;
  const at = reply.indexOf(name);
  return at >= 0 ? String(reply[at + 1]) : undefined;
}
