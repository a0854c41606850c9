/**
 * Finds queued tasks that will never be run where they wait and routes them again: tasks on
 * the queue of an agent that was retired and has stopped, and tasks that were queued for
 * longer than their timeout without a report (their job was lost). Nothing accepted is left
 * waiting forever.
 */
import type { Settings } from "../env";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { Dispatcher } from "./dispatcher";

/** Slack beyond a task's own timeout before its silence counts as a lost job. */
const REPORT_GRACE_MS = 30_000;

export async function recoverStrandedTasks(deps: { db: Database; dispatcher: Dispatcher; settings: Settings; log: Logger }): Promise<number> {
  const stranded = await deps.db.$queryRaw<Array<{ id: string; agent_id: string; attempts: number; overdue: boolean }>>`
    SELECT t.id, t.agent_id, t.attempts,
      (t.routed_at + (t.timeout_ms + ${REPORT_GRACE_MS}) * interval '1 millisecond' < now()) AS overdue
    FROM tasks t JOIN cluster_agents a ON a.id = t.agent_id
    WHERE t.status = 'QUEUED'
      AND ((a.removed_at IS NOT NULL AND a.status IN ('STOPPED', 'FAILED'))
        OR t.routed_at + (t.timeout_ms + ${REPORT_GRACE_MS}) * interval '1 millisecond' < now())
    LIMIT 1000`;
  if (!stranded.length) return 0;
  // Out of the old queue first, so the old job cannot run as well once its agent comes back.
  for (const task of stranded) await deps.dispatcher.unqueue(task.agent_id, `${task.id}-${task.attempts}`);
  const moved = await deps.db.task.updateMany({
    where: { id: { in: stranded.map((t) => t.id) }, status: "QUEUED" },
    data: { status: "PENDING", agentId: null },
  });
  deps.log.warn({ tasks: moved.count, overdue: stranded.filter((t) => t.overdue).length }, "re-routing queued tasks that their agent will not run");
  return moved.count;
}
