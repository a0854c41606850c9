/**
 * Carries out what the supervision state machine (domain/supervision) decides for each agent
 * on this runner: it feeds every observation in as an event — a sync's verdict, a ready
 * handshake, an exit, a timer, a health check — and performs the effects that come out, in
 * order. It holds no supervision state of its own: only the handles (process, timers, open
 * healing entry) of each agent's one record.
 */
import type { CoreDeps } from "../core/deps";
import type { AgentOutputLog } from "../core/logs/agent-output";
import {
  type Effect,
  type Event,
  next,
  type SupervisionPolicy,
  type SupervisionState,
  type Timer,
} from "../domain/supervision/supervision";
import type { Settings } from "../env";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { AgentAccess } from "./agent-access";
import type { AgentHealer, AgentRef } from "./agent-healer";
import { agentProcessFor, type StartableAgent } from "./agent-launch";
import type { AgentProcess } from "./agent-process";
import {
  type AgentStatusReport,
  publishAgentStatus,
  recordAgentExit,
  recordAgentNotStarted,
  recordAgentReady,
  recordAgentStarting,
} from "./agent-records";
import type { SparePool } from "./spare-pool";

/** Everything the runner keeps of one agent. */
export interface AgentRecord {
  state: SupervisionState;
  /** Its last known record and subordinates: a restart after a crash needs no full sync. */
  row: StartableAgent;
  subordinateIds: string[];
  process?: AgentProcess;
  timers: Map<Timer, NodeJS.Timeout>;
  /** The healing entry of the crash being healed (its id, once written). */
  healingEntry?: Promise<string>;
}

interface SupervisorDeps {
  db: Database;
  settings: Settings;
  /** Each agent's own Redis user and signing secret. */
  access: AgentAccess;
  nodeId: string;
  log: Logger;
  events: CoreDeps["events"];
  healer: AgentHealer;
  spares: SparePool;
  output: AgentOutputLog;
  checkIntervalMs: number;
  records: Map<string, AgentRecord>;
  stopped: () => boolean;
  requestSync: () => void;
  nudge: () => Promise<void>;
}

export class Supervisor {
  private readonly policy: SupervisionPolicy;
  private lastCheckAt?: number;

  constructor(private readonly deps: SupervisorDeps) {
    const s = deps.settings;
    this.policy = {
      baseMs: s.AGENT_RESTART_BASE_MS,
      maxMs: s.AGENT_RESTART_MAX_MS,
      stableMs: s.AGENT_STABLE_MS,
      threshold: s.CIRCUIT_THRESHOLD,
      windowMs: s.CIRCUIT_WINDOW_MS,
      cooldownMs: s.CIRCUIT_COOLDOWN_MS,
      hangMs: s.AGENT_HANG_MS,
      checkIntervalMs: deps.checkIntervalMs,
    };
  }

  /** One step of the agent's machine; its effects are carried out in order (not awaited). Returns them. */
  dispatch(agentId: string, event: Event): Effect[] {
    const record = this.deps.records.get(agentId);
    if (!record) return [];
    const { state, effects } = next(record.state, event, Date.now(), this.policy);
    record.state = state;
    if (effects.length) void this.carryOut(agentId, record, effects);
    return effects;
  }

  /** The agent is no longer this node's and runs nothing here: nothing of it is kept. */
  forget(agentId: string): void {
    const record = this.deps.records.get(agentId);
    if (!record) return;
    for (const timer of record.timers.values()) clearTimeout(timer);
    this.deps.records.delete(agentId);
    this.dropUser(agentId, "forget");
  }

  disarmAll(): void {
    for (const record of this.deps.records.values()) {
      for (const timer of record.timers.values()) clearTimeout(timer);
      record.timers.clear();
    }
  }

  /** At once, no grace (the runner fenced itself): returns how many were alive. */
  async killAll(): Promise<number> {
    this.disarmAll();
    const alive = [...this.deps.records.values()].filter((r) => r.process?.alive);
    await Promise.all(alive.map((r) => r.process?.kill()));
    return alive.length;
  }

  async stopAll(): Promise<void> {
    const grace = this.deps.settings.AGENT_STOP_GRACE_MS;
    await Promise.all([...this.deps.records.values()].map((r) => r.process?.stop(grace)));
  }

  /**
   * Hangs and memory, on the runner's frequent check. A ready agent silent over IPC for the
   * limit is judged with its heartbeat as second witness; one over its memory limit is drained
   * and restarted through the crash path, so backoff and breaker apply.
   */
  async checkHealth(): Promise<void> {
    const now = Date.now();
    const elapsedMs = this.lastCheckAt === undefined ? this.deps.checkIntervalMs : now - this.lastCheckAt;
    this.lastCheckAt = now;
    const judged: AgentProcess[] = [];
    const due: Array<{ id: string; readyAt: number }> = [];
    for (const [id, record] of this.deps.records) {
      const process = record.process;
      if (!process?.alive || process.readyAt === undefined || process.isStopping) continue;
      judged.push(process);
      const lastAnswerAt = process.lastAnswerAt ?? process.readyAt;
      for (const effect of this.dispatch(id, { type: "hangCheck", lastAnswerAt, elapsedMs }))
        if (effect.type === "askWitness") due.push({ id, readyAt: effect.readyAt });
    }
    const ages = due.length ? await this.deps.healer.heartbeatAges(due) : [];
    // Asked after judging: the answers are read before the next check.
    for (const process of judged) process.ping();
    for (const [i, { id, readyAt }] of due.entries())
      this.dispatch(id, { type: "witness", readyAt, heartbeatAgeMs: ages[i] });
    for (const [id, record] of this.deps.records) {
      const process = record.process;
      if (!process?.memoryLimitMb || !process.alive) continue;
      const rssMb = process.rssMb();
      if (rssMb !== undefined) this.dispatch(id, { type: "memory", rssMb, limitMb: process.memoryLimitMb });
    }
  }

  private async carryOut(agentId: string, record: AgentRecord, effects: Effect[]): Promise<void> {
    for (const effect of effects) {
      try {
        await this.perform(agentId, record, effect);
      } catch (error) {
        this.deps.log.warn({ err: error, agent: record.row.agentKey, effect: effect.type }, "healing step failed");
      }
    }
  }

  private async perform(agentId: string, record: AgentRecord, effect: Effect): Promise<void> {
    const { db, healer, nodeId, settings } = this.deps;
    const ref = refOf(record);
    switch (effect.type) {
      case "spawn":
        return void this.launch(agentId, record);
      case "stop":
        return void record.process?.stop(settings.AGENT_STOP_GRACE_MS);
      case "kill":
        return record.process?.kill();
      case "recycle":
        return record.process?.recycle(settings.AGENT_STOP_GRACE_MS);
      case "arm": {
        clearTimeout(record.timers.get(effect.timer));
        if (this.deps.stopped()) return;
        const timer = setTimeout(() => {
          record.timers.delete(effect.timer);
          this.dispatch(agentId, { type: "timer", timer: effect.timer });
        }, effect.delayMs);
        record.timers.set(effect.timer, timer);
        return;
      }
      case "disarm":
        clearTimeout(record.timers.get(effect.timer));
        record.timers.delete(effect.timer);
        return;
      case "restart":
        // Straight from the cached record (quick); the sync finds anything that changed meanwhile.
        if (!this.deps.stopped()) this.dispatch(agentId, { type: "wanted" });
        return;
      case "recordExit":
        return void (await recordAgentExit(db, agentId, nodeId, effect.exit).catch((error) =>
          this.deps.log.error({ err: error }, "could not record an agent exit"),
        ));
      case "publishStatus":
        return this.publishStatus(record, effect.status, null);
      case "reroute": {
        const { phase } = record.state;
        if (phase.kind === "crashed")
          this.deps.log.warn(
            { agent: ref.key, code: phase.exit.code, signal: phase.exit.signal, hung: phase.cause?.kind === "hung" },
            "agent exited unexpectedly",
          );
        const tasks = await healer.reroute(agentId).catch((error) => {
          this.deps.log.warn({ err: error, agent: ref.key }, "could not route a dead agent's tasks again");
          return 0;
        });
        this.dispatch(agentId, { type: "rerouted", tasks, random: Math.random() });
        return;
      }
      case "askWitness":
        return; // read in one batch by checkHealth
      case "startHealing":
        record.healingEntry = healer.startEntry(ref, effect);
        return;
      case "finishHealing": {
        const entry = record.healingEntry;
        record.healingEntry = undefined;
        if (entry) await healer.finishEntry(entry, effect.outcome, effect.durationMs);
        return;
      }
      case "persistCircuit":
        return healer.persistCircuit(ref, effect.circuit, effect.openedAt);
      case "recordCircuitOpened":
        return healer.recordCircuitOpened(ref, effect.detail, effect.action);
      case "closeCircuit":
        return healer.closeCircuit(ref);
      case "nudge":
        return this.deps.nudge();
    }
  }

  private async launch(agentId: string, record: AgentRecord): Promise<void> {
    const { db, nodeId, log } = this.deps;
    const agent = record.row;
    // Recorded as starting here before its Redis user is made: a user then only exists for an
    // agent a live node has claimed, which is what the leader's sweep of stray users goes by.
    const claimed = await recordAgentStarting(db, agentId, nodeId, null).catch((error: Error) => {
      log.warn({ agent: agent.agentKey, err: error.message }, "could not record the agent's start");
      return false;
    });
    if (!claimed) return void this.dispatch(agentId, { type: "notStarted" });
    const made = await this.deps.access
      .grant(agent)
      .then((grant) => agentProcessFor(agent, record.subordinateIds, { ...this.deps, ...grant }))
      .catch((error: Error) => ({ failed: error }));
    if (!("process" in made)) {
      this.dropUser(agentId, "revoke");
      if ("missingUser" in made) {
        log.error(
          { agent: agent.agentKey, user: made.missingUser },
          "the OS user this agent should run as does not exist",
        );
        await recordAgentExit(
          db,
          agentId,
          nodeId,
          { code: null, signal: null, expected: false },
          `no OS user "${made.missingUser}"`,
        ).catch(() => {});
      } else {
        log.warn({ agent: agent.agentKey, err: made.failed.message }, "agent failed to start");
        await recordAgentNotStarted(db, agentId, nodeId).catch(() => {});
      }
      this.dispatch(agentId, { type: "notStarted" });
      return;
    }
    const process = made.process;
    // The runner stopped (and stopped its agents) while this start was prepared: no process may outlive it.
    if (this.deps.stopped()) {
      process.discard();
      return void this.dispatch(agentId, { type: "notStarted" });
    }
    record.process = process;
    process.once("exit", (exit) => {
      if (record.process === process) record.process = undefined;
      // Before the exit is handled: a restart creates the user again after this drop, on the same connection.
      this.dropUser(agentId, "revoke");
      this.dispatch(agentId, { type: "exited", exit, runnerStopping: this.deps.stopped() });
    });
    try {
      // Forked first, so the record names the process from its first moment; "ready" is written after "starting".
      const ready = process.start();
      const starting = Promise.all([
        recordAgentStarting(db, agentId, nodeId, process.pid ?? null),
        this.publishStatus(record, "STARTING", process.pid ?? null),
      ]);
      const pid = await ready.finally(() => starting.catch(() => {}));
      const [stillOurs] = await starting;
      // A restart from the cached record after a backoff: meanwhile the agent may have moved to
      // another node or been retired. Then this process is not wanted.
      if (!stillOurs) throw new Error("the agent is no longer assigned to this node");
      await recordAgentReady(db, agentId, pid);
      log.debug({ agent: agent.agentKey, pid }, "agent ready");
      await this.publishStatus(record, "IDLE", pid);
      this.dispatch(agentId, { type: "ready", readyAt: process.readyAt ?? Date.now() });
      await this.deps.nudge();
    } catch (error) {
      log.warn({ agent: agent.agentKey, err: (error as Error).message }, "agent failed to start");
      // Never leave a process running that the record does not know is ready.
      if (process.alive) await process.stop(0);
    }
  }

  private dropUser(agentId: string, how: "revoke" | "forget"): void {
    this.deps.access[how](agentId).catch((error: Error) =>
      this.deps.log.warn({ err: error.message, agentId }, "could not drop an agent's Redis user"),
    );
  }

  private publishStatus(record: AgentRecord, status: AgentStatusReport, pid: number | null): Promise<void> {
    return publishAgentStatus(this.deps.events, refOf(record), record.state.history.circuit, status, pid);
  }
}

function refOf(record: AgentRecord): AgentRef {
  return { id: record.row.id, clusterId: record.row.clusterId, key: record.row.agentKey };
}
