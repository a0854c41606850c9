/**
 * An agent's live sessions, one tool process per session key. A session whose state is gone —
 * its tool exited, it was closed for being idle or to make room, or its earlier turns were
 * answered elsewhere (the agent restarted, or the session moved here) — says so with the next
 * answer, and may have its earlier prompts replayed first; nothing silently starts afresh.
 */
import { evictionFor } from "../../../domain/sessions/eviction";
import type { JobSession, LiveSession as LiveSessionInfo, ResultSession } from "../../../schemas/agent-protocol";
import { LiveSession, type SessionSettings } from "./live-session";

export interface PoolOptions {
  maxSessions: number;
  idleTimeoutMs: number;
  onMove: "report" | "replay";
  settings: SessionSettings;
}

interface Lost {
  reason: string;
  at: number;
  turns: number;
}

/** Lost sessions remembered (to tell their next prompt); the oldest are forgotten first. */
const LOST_REMEMBERED = 1000;
/** Sessions listed in a heartbeat, most recently used first. */
const LISTED = 200;

export class SessionPool {
  private readonly live = new Map<string, LiveSession>();
  private readonly lost = new Map<string, Lost>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** Prompts of one key run one after another, opening its tool included. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly options: PoolOptions) {}

  run(key: string, job: JobSession | undefined, prompt: string, signal: AbortSignal) {
    const run = (this.chains.get(key) ?? Promise.resolve()).then(() => this.answer(key, job, prompt, signal));
    const settled = run.catch(() => {});
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return run;
  }

  /** Ended by a user: closed, and its next prompt starts a new session without a lost notice. */
  end(key: string): boolean {
    const session = this.live.get(key);
    this.forget(key);
    const known = this.lost.delete(key) || !!session;
    session?.close();
    return known;
  }

  list(): LiveSessionInfo[] {
    const live: LiveSessionInfo[] = [...this.live.values()].map((s) => ({
      key: s.key,
      pid: s.pid,
      state: s.busy ? "busy" : "idle",
      turns: s.turns,
      startedAt: s.startedAt,
      lastUsedAt: s.lastUsedAt,
    }));
    const lost: LiveSessionInfo[] = [...this.lost.entries()].map(([key, l]) => ({
      key,
      pid: null,
      state: "lost",
      turns: l.turns,
      startedAt: l.at,
      lastUsedAt: l.at,
      lostReason: l.reason,
    }));
    return [...live, ...lost].sort((a, b) => b.lastUsedAt - a.lastUsedAt).slice(0, LISTED);
  }

  closeAll(): void {
    for (const key of [...this.live.keys()]) this.end(key);
  }

  private async answer(key: string, job: JobSession | undefined, prompt: string, signal: AbortSignal) {
    let session = this.live.get(key);
    let lost: string | undefined;
    let replayed: number | undefined;
    const fresh = !session?.alive;
    if (!session?.alive) {
      lost =
        this.lost.get(key)?.reason ??
        (job?.turns
          ? `its ${job.turns} earlier turn(s) were answered by a tool process this agent does not have (the agent restarted, or the session moved here from another agent)`
          : undefined);
      this.lost.delete(key);
      this.makeRoom();
      session = await LiveSession.open(key, this.options.settings, (s, code, sig, expected) =>
        this.exited(s, code, sig, expected),
      );
      this.live.set(key, session);
      if (lost && this.options.onMove === "replay") replayed = await this.replay(session, job, signal);
    }
    this.forget(key);
    try {
      const answer = await session.ask(prompt, signal);
      const result: ResultSession = {
        key,
        turn: job ? job.turns + 1 : session.turns,
        fresh,
        ...(lost ? { lost } : {}),
        ...(replayed !== undefined ? { replayed } : {}),
      };
      return { answer, session: result };
    } catch (error) {
      // The lost notice must reach the user even when this prompt fails.
      if (lost && error instanceof Error)
        error.message = `${error.message} (this session's earlier state was lost: ${lost})`;
      throw error;
    } finally {
      this.closeWhenIdle(key, session);
    }
  }

  /** Writes the session's earlier prompts again; their answers are not told (they were before). */
  private async replay(session: LiveSession, job: JobSession | undefined, signal: AbortSignal): Promise<number> {
    let replayed = 0;
    for (const message of job?.messages ?? []) {
      if (message.role !== "user") continue;
      await session.ask(message.content, signal).catch(() => {});
      replayed++;
    }
    return replayed;
  }

  private makeRoom(): void {
    const open = [...this.live.values()].map((s) => ({ key: s.key, lastUsedAt: s.lastUsedAt, busy: s.busy }));
    const decision = evictionFor(open, this.options.maxSessions);
    if (decision.kind === "full")
      throw new Error(`all ${this.options.maxSessions} sessions of this agent are answering (max_sessions); try again`);
    if (decision.kind === "evict")
      this.close(decision.key, `closed to make room for another session (max_sessions ${this.options.maxSessions})`);
  }

  private closeWhenIdle(key: string, session: LiveSession): void {
    this.forget(key);
    const timer = setTimeout(() => {
      if (this.live.get(key) !== session || session.busy) return;
      this.close(key, `closed after ${this.options.idleTimeoutMs} ms without a prompt (idle_timeout_ms)`);
    }, this.options.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(key, timer);
  }

  private close(key: string, reason: string): void {
    const session = this.live.get(key);
    if (!session) return;
    this.remember(key, { reason, at: Date.now(), turns: session.turns });
    this.live.delete(key);
    this.forget(key);
    session.close();
  }

  private exited(session: LiveSession, code: number | null, signal: string | null, expected: boolean): void {
    if (this.live.get(session.key) !== session) return;
    this.live.delete(session.key);
    this.forget(session.key);
    if (!expected)
      this.remember(session.key, {
        reason: `the tool exited with ${code ?? signal} after ${session.turns} turn(s)`,
        at: Date.now(),
        turns: session.turns,
      });
  }

  private remember(key: string, lost: Lost): void {
    this.lost.delete(key);
    this.lost.set(key, lost);
    if (this.lost.size > LOST_REMEMBERED) this.lost.delete(this.lost.keys().next().value!);
  }

  private forget(key: string): void {
    clearTimeout(this.idleTimers.get(key));
    this.idleTimers.delete(key);
  }
}
