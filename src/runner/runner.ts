/**
 * The per-host process supervisor. It registers its node in Redis (heartbeat with TTL,
 * capacity) and in PostgreSQL, and keeps the agent processes assigned to it in line with
 * what should run: started when their cluster runs, stopped (drained) when it sleeps, shrinks
 * or goes away, restarted when they die. It acts on a nudge over Redis and re-checks on an
 * interval in case a nudge was missed.
 *
 * Each agent here has one record: its supervision state (domain/supervision decides every
 * step) and the handles the runner needs to carry out what was decided.
 */

import os from "node:os";
import { every, type Loop } from "../core/every";
import { AgentOutputLog } from "../core/logs/agent-output";
import { HealingLog } from "../core/logs/healing-log";
import { shouldRun } from "../domain/cluster/agent-desired";
import { hasProcess, initialSupervision } from "../domain/supervision/supervision";
import type { Settings } from "../env";
import { type Bus, channels } from "../infra/bus";
import { cpuControl } from "../infra/cgroup";
import type { Database } from "../infra/database/client";
import { createEventPublisher } from "../infra/events";
import { keys } from "../infra/keys";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import type { NodeHeartbeat } from "../schemas/node-api";
import { AgentAccess } from "./agent-access";
import { ensureAgentBundle } from "./agent-bundle";
import { AgentHealer } from "./agent-healer";
import { agentEnv, type StartableAgent } from "./agent-launch";
import { hostAddress, hostFigures } from "./host-figures";
import { SelfFence } from "./self-fence";
import { SparePool } from "./spare-pool";
import { type AgentRecord, Supervisor } from "./supervisor";

export interface RunnerOptions {
  db: Database;
  redis: Redis;
  /** This process's bus; the runner listens on its node's sync channel. */
  bus: Bus;
  redisUrl: string;
  settings: Settings;
  log: Logger;
  nodeId: string;
}

export class Runner {
  readonly nodeId: string;
  private readonly records = new Map<string, AgentRecord>();
  private readonly onRedisReady = () => {
    this.healer.redisReturned();
    void this.access.reapply();
  };
  private readonly access: AgentAccess;
  private readonly healer: AgentHealer;
  private readonly supervisor: Supervisor;
  private readonly spares = new SparePool(agentEnv);
  private readonly output: AgentOutputLog;
  private readonly fence: SelfFence;
  private unsubscribe?: () => Promise<void>;
  private loops: Loop[] = [];
  private syncLoop?: Loop;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly options: RunnerOptions) {
    this.nodeId = options.nodeId;
    this.log = options.log.child({ component: "runner", node: options.nodeId });
    const events = createEventPublisher(options.redis, options.settings.EVENT_HISTORY);
    const checkIntervalMs = hangCheckIntervalMs(options.settings);
    this.access = new AgentAccess({ ...options, log: this.log });
    this.output = new AgentOutputLog(options.redis);
    this.healer = new AgentHealer(
      {
        db: options.db,
        redis: options.redis,
        settings: options.settings,
        log: this.log,
        healingLog: new HealingLog(options.db, events),
        nodeId: options.nodeId,
      },
      checkIntervalMs,
    );
    this.fence = new SelfFence({
      nodeId: options.nodeId,
      settings: options.settings,
      log: this.log,
      healingLog: new HealingLog(options.db, events),
      killAll: () => this.supervisor.killAll(),
      resume: () => this.requestSync(),
    });
    this.supervisor = new Supervisor({
      ...options,
      log: this.log,
      events,
      healer: this.healer,
      access: this.access,
      spares: this.spares,
      output: this.output,
      checkIntervalMs,
      records: this.records,
      stopped: () => this.stopped || this.fence.fenced,
      requestSync: () => this.requestSync(),
      nudge: () => this.nudgeControlPlane(),
    });
  }

  get capacity(): number {
    return this.options.settings.RUNNER_CAPACITY;
  }

  async start(): Promise<void> {
    const { db, redis, settings } = this.options;
    await ensureAgentBundle();
    await this.access.start();
    redis.on("ready", this.onRedisReady);
    const info = { hostname: os.hostname(), pid: process.pid, capacity: this.capacity };
    // Cordon and drain marks stay across a restart of the same node: an operator set them.
    const marks = { labels: settings.NODE_LABELS, address: hostAddress() };
    await db.node.upsert({
      where: { id: this.nodeId },
      create: { id: this.nodeId, ...info, ...marks },
      update: { ...info, ...marks, startedAt: new Date(), lastSeenAt: new Date(), stoppedAt: null, lostAt: null },
    });
    await redis
      .multi()
      .sadd(keys.nodesSet, this.nodeId)
      .hset(keys.node(this.nodeId), { ...info, startedAt: Date.now() })
      .exec();
    const log = this.log;
    const beats = every(settings.NODE_HEARTBEAT_INTERVAL_MS, () => this.beat(), { log, name: "node heartbeat" });
    this.syncLoop = every(settings.RECONCILE_INTERVAL_MS * 2, () => this.sync(), { log, name: "runner sync" });
    // Checked (and pinged) often, so a hang is caught soon after the limit.
    const checks = every(hangCheckIntervalMs(settings), () => this.supervisor.checkHealth(), {
      log,
      name: "agent health check",
    });
    this.loops = [beats, this.syncLoop, checks, this.fence.start()];
    await beats.request();

    this.unsubscribe = await this.options.bus.subscribe(channels.nodeSync(this.nodeId), (message) => {
      // A person asked to heal these agents; their failures no longer hold them back.
      if (message.type === "reset") this.reset(message.agentIds);
      this.requestSync();
    });
    await this.spares.refill();
    this.requestSync();
    this.log.info({ capacity: this.capacity, cpuControl: cpuControl() }, "runner started");
    if (cpuControl() === "none")
      this.log.warn(
        "no cgroup cpu controller on this host: limits.cpu only lowers an agent's priority, it is not enforced",
      );
  }

  /** Number of agent processes alive here. */
  get running(): number {
    return [...this.records.values()].filter((r) => r.process?.alive).length;
  }

  pidOf(agentId: string): number | undefined {
    return this.records.get(agentId)?.process?.pid;
  }

  /** Agents this runner keeps anything of (for tests and the soak). */
  get held(): number {
    return this.records.size;
  }

  private async beat(): Promise<void> {
    const { redis, settings } = this.options;
    const sentAt = Date.now();
    const beat: NodeHeartbeat = { at: sentAt, running: this.running, capacity: this.capacity, ...hostFigures() };
    // Registered again with every beat: a node judged lost while it was alive (its beats could not
    // be written for a while) comes back as soon as they can, and runs what it is given then.
    const write = redis
      .multi()
      .set(
        keys.nodeHeartbeat(this.nodeId),
        JSON.stringify(beat),
        "PX",
        settings.NODE_HEARTBEAT_INTERVAL_MS * settings.NODE_HEARTBEAT_MISSES,
      )
      .sadd(keys.nodesSet, this.nodeId)
      .hset(keys.node(this.nodeId), "beatAt", sentAt)
      .exec()
      // A slow answer is still a renewal, counted from when it was sent; only a failure is not.
      .then(() => this.fence.renewed(sentAt));
    // Bounded wait: a beat that hangs on a cut link must not hold back the next one.
    await withTimeout(settings.NODE_HEARTBEAT_INTERVAL_MS, write).catch((error: Error) =>
      this.log.warn({ err: error.message }, "node heartbeat failed or is slow"),
    );
  }

  /** Coalesces nudges: at most one sync runs, and one more follows if asked meanwhile. */
  requestSync(): void {
    if (!this.stopped) void this.syncLoop?.request();
  }

  /** Waits for the sync in progress (and the one queued behind it). */
  async settled(): Promise<void> {
    await this.syncLoop?.settled();
  }

  private reset(agentIds: readonly string[]): void {
    for (const id of agentIds) this.supervisor.dispatch(id, { type: "reset" });
  }

  private async sync(): Promise<void> {
    const { db } = this.options;
    // A fenced runner starts nothing: the control plane may have placed its agents elsewhere.
    if (this.fence.fenced) return;
    const assigned = await db.clusterAgent.findMany({
      where: { nodeId: this.nodeId, OR: [{ removedAt: null }, { status: { in: ["STARTING", "IDLE", "BUSY"] } }] },
      include: { cluster: { select: { status: true } } },
    });
    const cordoned = (await db.node.findUnique({ where: { id: this.nodeId }, select: { cordoned: true } }))?.cordoned;
    // An agent asked to move finishes its work and stops here; on a cordoned node nothing new starts.
    const stays = (a: (typeof assigned)[number]) => {
      const record = this.records.get(a.id);
      return !a.moveRequestedAt && !(cordoned && !(record && hasProcess(record.state)));
    };
    const wanted = new Map(assigned.filter((a) => shouldRun(a, a.cluster.status) && stays(a)).map((a) => [a.id, a]));
    const subordinates = await db.clusterAgent.findMany({
      where: { reportsToId: { in: [...wanted.keys()] }, removedAt: null },
      select: { id: true, reportsToId: true },
    });
    const subordinatesOf = (id: string) => subordinates.filter((s) => s.reportsToId === id).map((s) => s.id);

    for (const agentId of this.records.keys())
      if (!wanted.has(agentId)) this.supervisor.dispatch(agentId, { type: "unwanted" });
    for (const agent of wanted.values()) {
      const record = this.records.get(agent.id) ?? this.track(agent);
      record.row = agent;
      record.subordinateIds = subordinatesOf(agent.id);
      record.process?.send({ type: "subordinates", subordinateIds: record.subordinateIds });
      this.supervisor.dispatch(agent.id, { type: "wanted" });
    }
    // Agents no longer this node's (retired, moved, their cluster gone) and not running here: nothing of them is kept.
    const mine = new Set(assigned.map((a) => a.id));
    for (const [agentId, record] of this.records)
      if (!mine.has(agentId) && !hasProcess(record.state)) this.supervisor.forget(agentId);
    // Records left "running" here with no process (e.g. after this runner was killed).
    const orphaned = assigned.filter((a) => {
      const record = this.records.get(a.id);
      return (
        !wanted.has(a.id) && !(record && hasProcess(record.state)) && ["STARTING", "IDLE", "BUSY"].includes(a.status)
      );
    });
    if (orphaned.length) {
      await db.clusterAgent.updateMany({
        where: { id: { in: orphaned.map((a) => a.id) } },
        data: { status: "STOPPED", pid: null },
      });
      await this.nudgeControlPlane();
    }
  }

  private track(agent: StartableAgent): AgentRecord {
    const record: AgentRecord = {
      state: initialSupervision(),
      row: agent,
      subordinateIds: [],
      timers: new Map(),
    };
    this.records.set(agent.id, record);
    return record;
  }

  private async nudgeControlPlane() {
    await this.options.bus.publish(channels.reconcile, { reason: "node", nodeId: this.nodeId }).catch(() => {});
  }

  /** Stops every agent (each finishes what it holds, within the grace period) and leaves the registry. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.supervisor.disarmAll();
    this.spares.stop();
    this.options.redis.off("ready", this.onRedisReady);
    void this.unsubscribe?.();
    await Promise.all(this.loops.map((loop) => loop.stop()));
    await this.supervisor.stopAll();
    await this.output.flush();
    await this.access
      .revokeAll()
      .catch((error: Error) => this.log.warn({ err: error.message }, "could not drop agents' Redis users"));
    const { db, redis } = this.options;
    await redis
      .multi()
      .del(keys.nodeHeartbeat(this.nodeId))
      .srem(keys.nodesSet, this.nodeId)
      .del(keys.node(this.nodeId))
      .exec()
      .catch(() => {});
    await db.node
      .update({ where: { id: this.nodeId }, data: { stoppedAt: new Date(), lastSeenAt: new Date() } })
      .catch(() => {});
  }
}

function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** How often the runner checks its agents for hangs and pings them: several times within the hang limit and a heartbeat. */
function hangCheckIntervalMs(settings: Settings): number {
  return Math.max(50, Math.min(settings.AGENT_HEARTBEAT_INTERVAL_MS / 4, settings.AGENT_HANG_MS / 8));
}
