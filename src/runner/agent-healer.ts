/**
 * The runner's side of self-healing for its agents: what the supervision state machine
 * (domain/supervision) decides, written down. Tasks a dead agent held go back to routing,
 * the circuit is persisted on the agent's record, every step goes to the healing history
 * with its timing, and heartbeats are read as the second witness of a hang.
 */

import type { HealingLog } from "../core/logs/healing-log";
import { readHeartbeats } from "../core/nodes/heartbeats";
import { rerouteAgentTasks } from "../core/tasks/reroute";
import type { CircuitState } from "../domain/healing/restart-policy";
import type { HealingKind } from "../domain/supervision/supervision";
import type { Settings } from "../env";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import { withTimeout } from "../infra/with-timeout";

/** Agents retry their Redis connection at most this far apart (src/agent/main.ts). */
export const AGENT_RECONNECT_SLACK_MS = 500;

export interface AgentRef {
  id: string;
  clusterId: string;
  key: string;
}

export class AgentHealer {
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
    /** How long a heartbeat read may take: the runner's hang-check interval. */
    private readonly witnessTimeoutMs: number,
  ) {}

  /** Tasks queued for or held by a dead agent go to routing now, not after BullMQ's stalled-job check. */
  reroute(agentId: string): Promise<number> {
    return rerouteAgentTasks(this.deps, [agentId]);
  }

  /** Opens the healing entry of a crash; its outcome is written when the replacement is ready (or the circuit opens). */
  startEntry(agent: AgentRef, entry: { kind: HealingKind; detail: string; action: string; at: number }) {
    const started = this.deps.healingLog.start(
      {
        kind: entry.kind,
        ...entryAbout(agent),
        nodeId: this.deps.nodeId,
        detail: entry.detail,
        action: entry.action,
      },
      new Date(entry.at),
    );
    started.catch((error) => this.deps.log.warn({ err: error }, "could not record a healing step"));
    return started;
  }

  async finishEntry(entry: Promise<string>, outcome: "ok" | "failed", durationMs: number): Promise<void> {
    await this.deps.healingLog.finish(await entry, outcome, { durationMs });
  }

  async persistCircuit(agent: AgentRef, circuit: CircuitState, openedAt: number | null): Promise<void> {
    await this.deps.db.clusterAgent.updateMany({
      where: { id: agent.id },
      data:
        circuit === "open"
          ? { circuitState: circuit, circuitOpenedAt: new Date(openedAt ?? Date.now()) }
          : { circuitState: circuit },
    });
    if (circuit === "open") this.deps.log.warn({ agent: agent.key }, "circuit opened: restarts held");
  }

  async recordCircuitOpened(agent: AgentRef, detail: string, action: string): Promise<void> {
    await this.deps.healingLog.record({
      kind: "circuit_opened",
      severity: "critical",
      ...entryAbout(agent),
      nodeId: this.deps.nodeId,
      detail,
      action,
      outcome: "held",
    });
  }

  /** Only an agent still wanted, in a cluster that still exists, whose breaker is in its trial, has a circuit to close. */
  async closeCircuit(agent: AgentRef): Promise<void> {
    const { count } = await this.deps.db.clusterAgent.updateMany({
      where: { id: agent.id, removedAt: null, circuitState: "half_open", cluster: { deletedAt: null } },
      data: { circuitState: "closed", circuitOpenedAt: null },
    });
    if (count !== 1) return;
    await this.deps.healingLog.record({
      kind: "circuit_closed",
      severity: "info",
      ...entryAbout(agent),
      detail: `stable for ${this.deps.settings.AGENT_STABLE_MS / 1000} s after the trial restart`,
      action: "restarts and routing resumed",
      outcome: "ok",
    });
  }

  /** Redis is back after an outage: agents get a full heartbeat window (and time to reconnect) before any counts as hung. */
  redisReturned(): void {
    this.heartbeatsSince = Date.now() + AGENT_RECONNECT_SLACK_MS;
  }

  /**
   * How long each agent has given no sign through Redis (since it became ready, since Redis
   * came back, or since its last heartbeat). Redis that does not answer in time cannot
   * witness either way: then every age is undefined, and the IPC silence decides.
   */
  async heartbeatAges(agents: ReadonlyArray<{ id: string; readyAt: number }>): Promise<Array<number | undefined>> {
    const beats = await withTimeout(
      readHeartbeats(
        this.deps.redis,
        agents.map((a) => a.id),
      ),
      this.witnessTimeoutMs,
      undefined,
    );
    const at = Date.now();
    return agents.map((a, i) =>
      beats ? at - Math.max(a.readyAt, this.heartbeatsSince, beats[i]?.at ?? 0) : undefined,
    );
  }
}

/** What a healing entry about an agent names: the agent, and its cluster. */
function entryAbout(agent: AgentRef) {
  return { subject: `agent ${agent.key}`, clusterId: agent.clusterId, agentId: agent.id };
}
