/**
 * After a batch of outcomes is settled: the turns of sessions that succeeded join their
 * transcripts or conversations, and a session whose state was lost is announced as an event
 * (the answer itself says so too).
 */
import { promptOf } from "../../domain/tasks/prompt-of";
import type { Database } from "../../infra/database/client";
import type { EventPublisher } from "../../infra/events";
import { resultSessionSchema } from "../../schemas/agent-protocol";
import { appendTurns, type SessionTurn } from "./conversation-store";

export interface SucceededRun {
  taskId: string;
  agentId: string;
  result: unknown;
}

export async function recordSessionTurns(
  deps: { db: Database; events: EventPublisher },
  runs: readonly SucceededRun[],
): Promise<void> {
  const withSession = runs.flatMap((run) => {
    const session = resultSessionSchema.safeParse((run.result as { session?: unknown } | null)?.session);
    return session.success ? [{ ...run, session: session.data }] : [];
  });
  if (!withSession.length) return;
  const tasks = await deps.db.task.findMany({
    where: { id: { in: withSession.map((r) => r.taskId) }, sessionKey: { not: null } },
    select: { id: true, clusterId: true, sessionKey: true, payload: true },
  });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const agents = await deps.db.clusterAgent.findMany({
    where: { id: { in: [...new Set(withSession.map((r) => r.agentId))] } },
    select: { id: true, role: true },
  });
  const roleOf = new Map(agents.map((a) => [a.id, a.role]));
  const turns: SessionTurn[] = [];
  const at = new Date().toISOString();
  for (const run of withSession) {
    const task = byId.get(run.taskId);
    // Tasks without a key share an agent's default session, which has no stored transcript.
    const agentRole = roleOf.get(run.agentId);
    if (!task?.sessionKey || task.sessionKey !== run.session.key || !agentRole) continue;
    turns.push({
      clusterId: task.clusterId,
      sessionKey: task.sessionKey,
      taskId: task.id,
      agentId: run.agentId,
      agentRole,
      prompt: promptOf(task.payload),
      answer: answerOf(run.result),
    });
    if (run.session.lost)
      await deps.events.publish({
        type: "session.lost",
        clusterId: task.clusterId,
        at,
        sessionKey: task.sessionKey,
        agentId: run.agentId,
        taskId: task.id,
        reason: run.session.lost,
      });
  }
  await appendTurns(deps.db, turns);
}

/** A tool session's answer is its stdout; an LLM's, its content. */
function answerOf(result: unknown): string {
  const { stdout, content } = (result ?? {}) as { stdout?: unknown; content?: unknown };
  return typeof stdout === "string" ? stdout : typeof content === "string" ? content : "";
}
