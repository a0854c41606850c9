/**
 * A cluster's sessions: what PostgreSQL holds of them (transcripts, conversations) joined with
 * what the agents report in their heartbeats (live tool processes). Ending one deletes its
 * history and tells every running agent of the cluster to close its tool.
 */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { readHeartbeats } from "../core/nodes/heartbeats";
import { deleteSession, sessionHistory, storedSessions } from "../core/sessions/conversation-store";
import { channels } from "../infra/bus";
import type { SessionDto, sessionHistoryInput, sessionInput } from "../schemas/session-api";
import { notFound } from "./app-error";
import { findCluster } from "./clusters";

type Deps = Pick<CoreDeps, "db" | "redis">;

export async function listSessions(deps: Deps, clusterId: string): Promise<SessionDto[]> {
  await findCluster(deps.db, clusterId);
  const [stored, live] = await Promise.all([storedSessions(deps.db, clusterId), liveSessions(deps, clusterId)]);
  const sessions = new Map<string, SessionDto>();
  for (const s of stored)
    sessions.set(s.sessionKey, {
      key: s.sessionKey,
      turns: s.turns,
      firstAt: s.firstAt.toISOString(),
      lastAt: s.lastAt.toISOString(),
      live: [],
    });
  for (const l of live) {
    const session = sessions.get(l.key) ?? { key: l.key, turns: 0, firstAt: null, lastAt: null, live: [] };
    session.live.push(l);
    sessions.set(l.key, session);
  }
  return [...sessions.values()].sort((a, b) => lastSeen(b).localeCompare(lastSeen(a)) || a.key.localeCompare(b.key));
}

export async function getSession(deps: Deps, input: z.infer<typeof sessionInput>): Promise<SessionDto> {
  const session = (await listSessions(deps, input.id)).find((s) => s.key === input.key);
  if (!session) throw notFound("session", input.key);
  return session;
}

export async function getSessionHistory(deps: Deps, input: z.infer<typeof sessionHistoryInput>) {
  await findCluster(deps.db, input.id);
  const rows = await sessionHistory(deps.db, input.id, input.key, input.limit);
  return {
    key: input.key,
    messages: rows.map((m) => ({
      id: m.id.toString(),
      role: m.role as "user" | "assistant",
      content: m.content,
      taskId: m.taskId,
      agentId: m.agentId,
      agentRole: m.agentRole,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

export async function endSession(deps: Pick<CoreDeps, "db" | "redis" | "bus">, input: z.infer<typeof sessionInput>) {
  await findCluster(deps.db, input.id);
  const agents = await runningAgents(deps, input.id);
  const messagesDeleted = await deleteSession(deps.db, input.id, input.key);
  for (const agent of agents)
    await deps.bus.publish(channels.agentControl(agent.id), { type: "end_session", sessionKey: input.key });
  return { key: input.key, messagesDeleted, agentsTold: agents.length };
}

function runningAgents(deps: Pick<CoreDeps, "db">, clusterId: string) {
  return deps.db.clusterAgent.findMany({
    where: { clusterId, removedAt: null, pid: { not: null } },
    select: { id: true, agentKey: true },
    orderBy: { agentKey: "asc" },
  });
}

async function liveSessions(deps: Deps, clusterId: string): Promise<SessionDto["live"]> {
  const agents = await runningAgents(deps, clusterId);
  const beats = await readHeartbeats(
    deps.redis,
    agents.map((a) => a.id),
  );
  return agents.flatMap((agent, i) =>
    (beats[i]?.sessions ?? []).map((s) => ({
      ...s,
      agentId: agent.id,
      agentKey: agent.agentKey,
      startedAt: new Date(s.startedAt).toISOString(),
      lastUsedAt: new Date(s.lastUsedAt).toISOString(),
    })),
  );
}

const lastSeen = (s: SessionDto) => [s.lastAt ?? "", ...s.live.map((l) => l.lastUsedAt)].sort().at(-1) ?? "";
