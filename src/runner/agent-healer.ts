/**
 * The runner's side of self-healing for its agents. A crash is noticed at once through the
 * process exit; a hang (alive, but neither heartbeating nor answering IPC pings, judged by
 * domain/healing/hang-rules) by the runner's frequent checks, and the process is killed.
 * Either way the tasks the agent held go back to routing immediately, the restart follows
 * the backoff and circuit breaker of domain/healing/restart-policy, and every step is
 * written to the healing history with its timing.
 */

import type { HealingLog } from "../core/logs/healing-log";
import { readHeartbeats } from "../core/nodes/heartbeats";
import { rerouteAgentTasks } from "../core/tasks/reroute";
import { type HangWatch, isHung, watchCheck } from "../domain/healing/hang-rules";
import {
  type CircuitState,
  freshHistory,
  onCooldownCheck,
  onFailure,
  onStable,
  type RestartHistory,
  type RestartPolicy,
} from "../domain/healing/restart-policy";
import type { HealingKind } from "../domain/healing/vocabulary";
import type { Settings } from "../env";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import { withTimeout } from "../infra/with-timeout";
import type { ExitInfo } from "./agent-process";

/** How an agent that exited on its own is recorded: killed as hung, or crashed. */
export type CrashKind = Extract<HealingKind, "agent_crashed" | "agent_hung">;

/** Agents retry their Redis connection at most this far apart (src/agent/main.ts). */
export const AGENT_RECONNECT_SLACK_MS = 500;

export interface AgentRef {
  id: string;
  clusterId: string;
  key: string;
}

export class AgentHealer {
  private readonly histories = new Map<string, RestartHistory>();
  /** Open healing entries: crash detected, replacement not yet ready. */
  private readonly healing = new Map<string, { entry: Promise<string>; detectedAt: number }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per agent: the timer that closes its circuit once its current run has lasted the stable period. */
  private readonly stableTimers = new Map<string, NodeJS.Timeout>();
  /** Per ready process (by agent and ready time): its IPC silence as counted so far, and the last answer seen. */
  private readonly watches = new Map<string, { readyAt: number; answeredAt: number; watch: HangWatch }>();
  private lastCheckAt?: number;
  /** Agents whose crash is being handled: no restart until that is done. */
  private readonly handling = new Set<string>();
  private stopped = false;
  private readonly policy: RestartPolicy;
  /** Heartbeats count only from here on: while Redis was away no agent could write one. */
  private heartbeatsSince = 0;

  constructor(
    private readonly deps: {
      db: Database;
      redis: Redis;
      settings: Settings;
      log: Logger;
      healingLog: HealingLog;
      nodeId: string;
    },
    private readonly restart: (agentId: string) => void,
    /** How often the runner calls `hung` (and pings its agents). */
    private readonly checkIntervalMs: number,
  ) {
    const s = deps.settings;
    this.policy = {
      baseMs: s.AGENT_RESTART_BASE_MS,
      maxMs: s.AGENT_RESTART_MAX_MS,
      stableMs: s.AGENT_STABLE_MS,
      threshold: s.CIRCUIT_THRESHOLD,
      windowMs: s.CIRCUIT_WINDOW_MS,
      cooldownMs: s.CIRCUIT_COOLDOWN_MS,
    };
  }

  circuitOf(agentId: string): CircuitState {
    return this.histories.get(agentId)?.circuit ?? "closed";
  }

  /** False while a restart is scheduled or the agent's circuit is open. */
  mayStart(agentId: string): boolean {
    return !this.handling.has(agentId) && !this.timers.has(agentId) && this.histories.get(agentId)?.circuit !== "open";
  }

  /**
   * Called the moment the process exits, before anything is written: a sync running while
   * the exit is recorded must not start the agent again behind the backoff and breaker.
   */
  noticeCrash(agentId: string): void {
    this.handling.add(agentId);
  }

  async onCrash(
    agent: AgentRef,
    startedAt: number | null,
    exit: ExitInfo,
    reason: string,
    kind: CrashKind,
  ): Promise<void> {
    this.handling.add(agent.id);
    try {
      await this.handleCrash(agent, startedAt, exit, reason, kind);
    } finally {
      this.handling.delete(agent.id);
    }
  }

  private async handleCrash(
    agent: AgentRef,
    startedAt: number | null,
    exit: ExitInfo,
    reason: string,
    kind: CrashKind,
  ): Promise<void> {
    const { db, healingLog, log } = this.deps;
    const now = Date.now();
    const rerouted = await this.rerouteTasks(agent.id);
    const decision = onFailure(
      this.histories.get(agent.id) ?? freshHistory(),
      startedAt,
      now,
      this.policy,
      Math.random,
    );
    this.histories.set(agent.id, decision.history);
    const detail = `${reason} (exit ${exit.code ?? exit.signal})${rerouted ? `; ${rerouted} queued or running tasks routed to other agents` : ""}`;

    if (decision.action === "hold") {
      await db.clusterAgent.updateMany({
        where: { id: agent.id },
        data: { circuitState: "open", circuitOpenedAt: new Date(now) },
      });
      await this.finishOpenEntry(agent.id, "failed");
      await healingLog.record({
        kind: "circuit_opened",
        severity: "critical",
        subject: `agent ${agent.key}`,
        clusterId: agent.clusterId,
        agentId: agent.id,
        nodeId: this.deps.nodeId,
        detail: `${decision.history.failures.length} failures within ${this.policy.windowMs / 1000} s; last: ${detail}`,
        action: `no restarts or routing for ${this.policy.cooldownMs / 1000} s, then one trial`,
        outcome: "held",
      });
      log.warn({ agent: agent.key }, "circuit opened: restarts held");
      this.schedule(agent.id, decision.retryInMs, async () => {
        const history = onCooldownCheck(this.histories.get(agent.id)!, Date.now(), this.policy);
        this.histories.set(agent.id, history);
        await db.clusterAgent.updateMany({ where: { id: agent.id }, data: { circuitState: history.circuit } });
      });
      return;
    }
    // The restart does not wait for the history to be written.
    if (!this.healing.has(agent.id)) {
      const entry = healingLog.start(
        {
          kind,
          subject: `agent ${agent.key}`,
          clusterId: agent.clusterId,
          agentId: agent.id,
          nodeId: this.deps.nodeId,
          detail,
          action: decision.delayMs ? `restart after ${decision.delayMs} ms (backoff)` : "restart now",
        },
        new Date(now),
      );
      this.healing.set(agent.id, { entry, detectedAt: now });
    }
    // Decided: a restart (even "now") must not find the agent still marked as being handled.
    this.handling.delete(agent.id);
    this.schedule(agent.id, decision.delayMs);
    await this.healing.get(agent.id)?.entry;
  }

  /** The agent runs again: the open healing entry gets its outcome and duration. */
  async onReady(agent: AgentRef): Promise<void> {
    const open = this.healing.get(agent.id);
    if (open) {
      this.healing.delete(agent.id);
      const durationMs = Date.now() - open.detectedAt;
      await this.deps.healingLog.finish(await open.entry, "ok", { durationMs });
    }
    const history = this.histories.get(agent.id);
    if (!history) return;
    // A run that lasts the stable period closes the circuit and resets the backoff. It must
    // still be this run: an exit of any kind (`onExit`) or a new failure cancels it.
    clearTimeout(this.stableTimers.get(agent.id));
    const timer = setTimeout(() => {
      this.stableTimers.delete(agent.id);
      if (this.stopped || this.histories.get(agent.id) !== history) return;
      this.histories.set(agent.id, onStable()); // a stable run: backoff and breaker start over
      if (history.circuit === "half_open") void this.closeCircuit(agent).catch(() => {});
    }, this.policy.stableMs);
    this.stableTimers.set(agent.id, timer);
  }

  /** Only an agent still wanted, in a cluster that still exists, whose breaker is in its trial, has a circuit to close. */
  private async closeCircuit(agent: AgentRef): Promise<void> {
    const { count } = await this.deps.db.clusterAgent.updateMany({
      where: { id: agent.id, removedAt: null, circuitState: "half_open", cluster: { deletedAt: null } },
      data: { circuitState: "closed", circuitOpenedAt: null },
    });
    if (count !== 1) return;
    await this.deps.healingLog.record({
      kind: "circuit_closed",
      severity: "info",
      subject: `agent ${agent.key}`,
      clusterId: agent.clusterId,
      agentId: agent.id,
      detail: `stable for ${this.policy.stableMs / 1000} s after the trial restart`,
      action: "restarts and routing resumed",
      outcome: "ok",
    });
  }

  /** The agent's process exited (for any reason): its run did not last, so it closes no circuit. */
  onExit(agentId: string): void {
    clearTimeout(this.stableTimers.get(agentId));
    this.stableTimers.delete(agentId);
  }

  /** Tasks queued for or held by a dead agent go to routing now, not after BullMQ's stalled-job check. */
  private rerouteTasks(agentId: string): Promise<number> {
    return rerouteAgentTasks(this.deps, [agentId]);
  }

  private schedule(agentId: string, delayMs: number, before?: () => Promise<void>) {
    clearTimeout(this.timers.get(agentId));
    this.timers.set(
      agentId,
      setTimeout(async () => {
        await before?.().catch((error) => this.deps.log.warn({ err: error }, "healing step failed"));
        this.timers.delete(agentId);
        this.restart(agentId);
      }, delayMs),
    );
  }

  private async finishOpenEntry(agentId: string, outcome: "failed") {
    const open = this.healing.get(agentId);
    if (!open) return;
    this.healing.delete(agentId);
    const durationMs = Date.now() - open.detectedAt;
    await this.deps.healingLog.finish(await open.entry, outcome, { durationMs }).catch(() => {});
  }

  /** Forgets the agents' failures: no backoff, breaker closed, restartable now. */
  reset(agentIds: readonly string[]): void {
    for (const id of agentIds) {
      this.histories.delete(id);
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
    }
  }

  /** The agent is no longer this node's (retired, moved, its cluster gone): nothing of it is kept. */
  forget(agentId: string): void {
    this.reset([agentId]);
    this.healing.delete(agentId);
  }

  /** Redis is back after an outage: agents get a full heartbeat window (and time to reconnect) before any counts as hung. */
  redisReturned(): void {
    this.heartbeatsSince = Date.now() + AGENT_RECONNECT_SLACK_MS;
  }

  /**
   * One check of the runner's ready agents (each with the time of its last IPC answer); returns
   * the hung ones. IPC silence is counted per check and only for time this runner was awake
   * (domain/healing/hang-rules); heartbeats are the second witness, when Redis can tell in time.
   */
  async hung(candidates: Array<{ id: string; readyAt: number; lastAnswerAt: number }>): Promise<string[]> {
    const { settings, redis } = this.deps;
    const limit = settings.AGENT_HANG_MS;
    const now = Date.now();
    const elapsed = this.lastCheckAt === undefined ? this.checkIntervalMs : now - this.lastCheckAt;
    this.lastCheckAt = now;
    const due: Array<{ id: string; readyAt: number; watch: HangWatch }> = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      seen.add(c.id);
      const known = this.watches.get(c.id);
      const entry =
        known && known.readyAt === c.readyAt
          ? known
          : { readyAt: c.readyAt, answeredAt: c.lastAnswerAt, watch: { silentMs: 0 } };
      entry.watch = watchCheck(
        entry.watch,
        c.lastAnswerAt > entry.answeredAt,
        entry === known ? elapsed : 0,
        this.checkIntervalMs,
      );
      entry.answeredAt = c.lastAnswerAt;
      this.watches.set(c.id, entry);
      if (entry.watch.silentMs >= limit) due.push({ id: c.id, readyAt: c.readyAt, watch: entry.watch });
    }
    for (const id of this.watches.keys()) if (!seen.has(id)) this.watches.delete(id);
    if (!due.length) return [];
    // Redis that does not answer in time cannot witness either way: the IPC silence decides.
    const beats = await withTimeout(
      readHeartbeats(
        redis,
        due.map((c) => c.id),
      ),
      this.checkIntervalMs,
      undefined,
    );
    const at = Date.now();
    return due
      .filter((c, i) => {
        const lastSign = Math.max(c.readyAt, this.heartbeatsSince, beats?.[i]?.at ?? 0);
        return isHung(c.watch, beats ? at - lastSign : undefined, limit);
      })
      .map((c) => c.id);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of [...this.timers.values(), ...this.stableTimers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.stableTimers.clear();
  }
}
