/**
 * The stored messages of sessions (conversation_messages): appended when a session's task
 * succeeds, read when a session's next task is routed (the window an LLM is sent, the prompts
 * a tool replays), listed and deleted through the API. The only writer of that table.
 */
import { type ConversationMessage, conversationWindow } from "../../domain/sessions/conversation-window";
import type { Database } from "../../infra/database/client";
import type { JobSession } from "../../schemas/agent-protocol";

/** What the agent of a session needs of its past, by the agent's runtime. */
export type SessionNeed =
  | { kind: "llm"; maxMessages: number; maxTokens: number }
  | { kind: "tool"; replay: boolean }
  | { kind: "none" };

/** Prompts a tool replays at most (the newest); a longer past is reported, not replayed. */
export const REPLAY_MAX_PROMPTS = 200;
/** Messages read to build an LLM window: enough for any window the blueprint allows. */
const LLM_READ_MAX = 1000;

export interface SessionTurn {
  clusterId: string;
  sessionKey: string;
  taskId: string;
  agentId: string;
  agentRole: string;
  prompt: string;
  answer: string;
}

export async function appendTurns(db: Database, turns: readonly SessionTurn[]): Promise<void> {
  if (!turns.length) return;
  await db.conversationMessage.createMany({
    data: turns.flatMap(({ prompt, answer, ...t }) => [
      { ...t, role: "user", content: prompt },
      { ...t, role: "assistant", content: answer },
    ]),
  });
}

/** The session part of a job for an agent of `agentRole`: turns so far, and the messages its runtime needs. */
export async function jobSessionOf(
  db: Database,
  session: { clusterId: string; sessionKey: string; agentRole: string },
  need: SessionNeed,
): Promise<JobSession> {
  const { sessionKey } = session;
  // A runtime without sessions (builtin, a command per task) only needs the key.
  if (need.kind === "none") return { key: sessionKey, turns: 0, messages: [] };
  const turns = await db.conversationMessage.count({ where: { ...session, role: "user" } });
  if (turns === 0 || (need.kind === "tool" && !need.replay)) return { key: sessionKey, turns, messages: [] };
  const rows = await db.conversationMessage.findMany({
    where: { ...session, ...(need.kind === "tool" ? { role: "user" } : {}) },
    orderBy: { id: "desc" },
    take: need.kind === "tool" ? REPLAY_MAX_PROMPTS : LLM_READ_MAX,
    select: { role: true, content: true },
  });
  const history = rows.reverse() as ConversationMessage[];
  if (need.kind === "tool") return { key: sessionKey, turns, messages: history };
  const window = conversationWindow(history, { maxMessages: need.maxMessages, maxTokens: need.maxTokens });
  return { key: sessionKey, turns, messages: window.messages, ...(window.summary ? { summary: window.summary } : {}) };
}

export interface StoredSession {
  sessionKey: string;
  turns: number;
  firstAt: Date;
  lastAt: Date;
}

export async function storedSessions(db: Database, clusterId: string): Promise<StoredSession[]> {
  const rows = await db.conversationMessage.groupBy({
    by: ["sessionKey"],
    where: { clusterId, role: "user" },
    _count: { _all: true },
    _min: { createdAt: true },
    _max: { createdAt: true },
  });
  return rows.map((r) => ({
    sessionKey: r.sessionKey,
    turns: r._count._all,
    firstAt: r._min.createdAt!,
    lastAt: r._max.createdAt!,
  }));
}

export async function sessionHistory(db: Database, clusterId: string, sessionKey: string, limit: number) {
  const rows = await db.conversationMessage.findMany({
    where: { clusterId, sessionKey },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.reverse();
}

/** Deletes a session's messages; the number deleted. */
export async function deleteSession(db: Database, clusterId: string, sessionKey: string): Promise<number> {
  const { count } = await db.conversationMessage.deleteMany({ where: { clusterId, sessionKey } });
  return count;
}
