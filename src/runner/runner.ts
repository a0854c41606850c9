/**
 * The per-host process supervisor. It registers its node in Redis (heartbeat with TTL,
 * capacity) and in PostgreSQL, and keeps the agent processes assigned to it in line with
 * what should run: started when their cluster runs, stopped (drained) when it sleeps, shrinks
 * or goes away, restarted when they die. It acts on a nudge over Redis and re-checks on an
 * interval in case a nudge was missed.
 */

import type { ChildProcess } from "node:child_process";
import os from "node:os";
import { HealingLog } from "../core/logs/healing-log";
import { shouldRun } from "../domain/cluster/agent-desired";
import type { Settings } from "../env";
import { childProcessEnv, passThroughEnv } from "../env";
import { type Bus, channels } from "../infra/bus";
import type { Database } from "../infra/database/client";
import { createEventPublisher, type EventPublisher } from "../infra/events";
import { keys } from "../infra/keys";
import type { Logger } from "../infra/logger";
import { lookupUser, runningAsRoot } from "../infra/os-user";
import type { Redis } from "../infra/redis";
import type { AgentConfig } from "../schemas/agent-protocol";
import type { BlueprintAgent } from "../schemas/blueprint";
import { ensureAgentBundle, sharedAgentBundle } from "./agent-bundle";
import { AgentHealer, type AgentRef } from "./agent-healer";
import { AgentProcess, type ExitInfo, forkSpare, spareFits } from "./agent-process";
import { recordAgentExit, recordAgentReady, recordAgentStarting } from "./agent-records";

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

type AgentSpec = { runtime: BlueprintAgent["runtime"]; concurrency?: number; limits?: BlueprintAgent["limits"] | null };

export class Runner {
  readonly nodeId: string;
  private readonly processes = new Map<string, AgentProcess>();
  private readonly refs = new Map<string, AgentRef>();
  /** The last known record and subordinates of each agent here, for restarting without a full sync. */
  private readonly rows = new Map<string, { row: StartableAgent; subordinateIds: string[] }>();
  private readonly hungKilled = new Set<string>();
  private readonly onRedisReady = () => this.healer.redisReturned();
  private checkingHangs = false;
  private readonly overMemory = new Map<string, number>();
  private readonly healer: AgentHealer;
  private readonly events: EventPublisher;
  private unsubscribe?: () => Promise<void>;
  private timers: NodeJS.Timeout[] = [];
  private syncing?: Promise<void>;
  private syncAgain = false;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly options: RunnerOptions) {
    this.nodeId = options.nodeId;
    this.log = options.log.child({ component: "runner", node: options.nodeId });
    this.events = createEventPublisher(options.bus);
    this.healer = new AgentHealer(
      {
        db: options.db,
        redis: options.redis,
        settings: options.settings,
        log: this.log,
        healingLog: new HealingLog(options.db, this.events),
        nodeId: options.nodeId,
      },
      (agentId) => this.restart(agentId),
      hangCheckIntervalMs(options.settings),
    );
  }

  get capacity(): number {
    return this.options.settings.RUNNER_CAPACITY;
  }

  async start(): Promise<void> {
    const { db, redis, settings } = this.options;
    await ensureAgentBundle();
    redis.on("ready", this.onRedisReady);
    const info = { hostname: os.hostname(), pid: process.pid, capacity: this.capacity };
    await db.node.upsert({
      where: { id: this.nodeId },
      create: { id: this.nodeId, ...info },
      update: { ...info, startedAt: new Date(), lastSeenAt: new Date(), stoppedAt: null },
    });
    await redis
      .multi()
      .sadd(keys.nodesSet, this.nodeId)
      .hset(keys.node(this.nodeId), { ...info, startedAt: Date.now() })
      .exec();
    await this.beat();
    this.timers.push(setInterval(() => void this.beat(), settings.NODE_HEARTBEAT_INTERVAL_MS));
    this.timers.push(setInterval(() => this.requestSync(), settings.RECONCILE_INTERVAL_MS * 2));
    // Checked (and pinged) often, so a hang is caught soon after the limit.
    this.timers.push(setInterval(() => void this.killHungAgents(), hangCheckIntervalMs(settings)));

    this.unsubscribe = await this.options.bus.subscribe(channels.nodeSync(this.nodeId), (message) => {
      // A person asked to heal these agents; their failures no longer hold them back.
      if (message.type === "reset") this.healer.reset(message.agentIds);
      this.requestSync();
    });
    await this.refillSpare();
    this.requestSync();
    this.log.info({ capacity: this.capacity }, "runner started");
  }

  /** Number of agent processes alive here. */
  get running(): number {
    return [...this.processes.values()].filter((p) => p.alive).length;
  }

  pidOf(agentId: string): number | undefined {
    return this.processes.get(agentId)?.pid;
  }

  private async beat(): Promise<void> {
    const { redis, settings } = this.options;
    // Registered again with every beat: a node judged lost while it was alive (its beats could not
    // be written for a while) comes back as soon as they can, and runs what it is given then.
    await redis
      .multi()
      .set(
        keys.nodeHeartbeat(this.nodeId),
        JSON.stringify({ at: Date.now(), running: this.running, capacity: this.capacity }),
        "PX",
        settings.NODE_HEARTBEAT_INTERVAL_MS * settings.NODE_HEARTBEAT_MISSES,
      )
      .sadd(keys.nodesSet, this.nodeId)
      .exec()
      .catch((error: Error) => this.log.warn({ err: error.message }, "node heartbeat failed"));
  }

  /** Coalesces nudges: at most one sync runs, and one more follows if asked meanwhile. */
  requestSync(): void {
    if (this.stopped) return;
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = this.sync()
      .catch((error) => this.log.error({ err: error }, "runner sync failed"))
      .finally(() => {
        this.syncing = undefined;
        if (this.syncAgain) {
          this.syncAgain = false;
          this.requestSync();
        }
      });
  }

  /** Waits for the sync in progress (and the one queued behind it). */
  async settled(): Promise<void> {
    while (this.syncing) await this.syncing;
  }

  private async sync(): Promise<void> {
    const { db } = this.options;
    const assigned = await db.clusterAgent.findMany({
      where: { nodeId: this.nodeId, OR: [{ removedAt: null }, { status: { in: ["STARTING", "IDLE", "BUSY"] } }] },
      include: { cluster: { select: { status: true } } },
    });
    const wanted = new Map(assigned.filter((a) => shouldRun(a, a.cluster.status)).map((a) => [a.id, a]));
    const subordinates = await db.clusterAgent.findMany({
      where: { reportsToId: { in: [...wanted.keys()] }, removedAt: null },
      select: { id: true, reportsToId: true },
    });
    const subordinatesOf = (id: string) => subordinates.filter((s) => s.reportsToId === id).map((s) => s.id);

    for (const [agentId, process] of this.processes) {
      if (!wanted.has(agentId)) void this.stopAgent(process);
      else process.send({ type: "subordinates", subordinateIds: subordinatesOf(agentId) });
    }
    for (const agent of wanted.values()) {
      if (!this.processes.has(agent.id) && this.healer.mayStart(agent.id)) {
        this.rows.set(agent.id, { row: agent, subordinateIds: subordinatesOf(agent.id) });
        void this.startAgent(agent, subordinatesOf(agent.id));
      }
    }
    // Agents no longer this node's (retired, moved, their cluster gone) and not running here: nothing of them is kept.
    const mine = new Set(assigned.map((a) => a.id));
    for (const agentId of new Set([...this.rows.keys(), ...this.refs.keys()]))
      if (!mine.has(agentId) && !this.processes.has(agentId)) this.forget(agentId);
    // Records left "running" here with no process (e.g. after this runner was killed).
    const orphaned = assigned.filter(
      (a) => !wanted.has(a.id) && !this.processes.has(a.id) && ["STARTING", "IDLE", "BUSY"].includes(a.status),
    );
    if (orphaned.length) {
      await db.clusterAgent.updateMany({
        where: { id: { in: orphaned.map((a) => a.id) } },
        data: { status: "STOPPED", pid: null },
      });
      await this.nudgeControlPlane();
    }
  }

  private async startAgent(agent: StartableAgent, subordinateIds: string[]) {
    const { db, settings } = this.options;
    const spec = agent.spec as AgentSpec;
    const config: AgentConfig = {
      agentId: agent.id,
      clusterId: agent.clusterId,
      key: agent.agentKey,
      role: agent.role,
      name: agent.name,
      capabilities: agent.capabilities,
      runtime: spec.runtime,
      concurrency: spec.concurrency ?? 1,
      redisUrl: this.options.redisUrl,
      heartbeatIntervalMs: settings.AGENT_HEARTBEAT_INTERVAL_MS,
      // The key outlives the allowed misses, so a hang is judged by its age, not by its absence.
      heartbeatTtlMs: settings.AGENT_HEARTBEAT_INTERVAL_MS * (settings.AGENT_HEARTBEAT_MISSES + 1),
      stopGraceMs: settings.AGENT_STOP_GRACE_MS,
      subordinateIds,
      env: passThroughEnv(envNamesOf(spec.runtime)),
    };
    let owner: { uid?: number; gid?: number } = {};
    if (spec.limits?.user && runningAsRoot()) {
      const user = lookupUser(spec.limits.user);
      if (!user) {
        this.log.error(
          { agent: agent.agentKey, user: spec.limits.user },
          "the OS user this agent should run as does not exist",
        );
        await recordAgentExit(
          db,
          agent.id,
          this.nodeId,
          { code: null, signal: null, expected: false },
          `no OS user "${spec.limits.user}"`,
        ).catch(() => {});
        return;
      }
      owner = user;
    }
    const spare = spareFits({ uid: owner.uid, memoryMb: spec.limits?.memory_mb, concurrency: config.concurrency })
      ? this.takeSpare()
      : undefined;
    const process = new AgentProcess({
      spare,
      bundle: owner.uid === undefined ? await ensureAgentBundle() : await sharedAgentBundle(),
      config,
      env: agentEnv(),
      memoryMb: spec.limits?.memory_mb,
      memoryLimitMb: spec.limits?.memory_mb,
      // Another OS user may not be able to enter the folder Myzel runs from.
      cwd: owner.uid === undefined ? undefined : os.tmpdir(),
      ...owner,
      readyTimeoutMs: settings.AGENT_READY_TIMEOUT_MS,
    });
    this.processes.set(agent.id, process);
    const ref = { id: agent.id, clusterId: agent.clusterId, key: agent.agentKey };
    this.refs.set(agent.id, ref);
    process.once(
      "exit",
      (exit) =>
        void this.onExit(agent.id, process, exit).catch((error) =>
          this.log.error({ err: error }, "handling an agent exit failed"),
        ),
    );
    try {
      // Recorded while the process starts; "ready" is written only after "starting" is.
      const starting = Promise.all([
        recordAgentStarting(db, agent.id, this.nodeId),
        this.publishStatus(ref, "STARTING", null),
      ]);
      const pid = await process.start().finally(() => starting.catch(() => {}));
      const [stillOurs] = await starting;
      // A restart from the cached record after a backoff: meanwhile the agent may have moved to
      // another node or been retired. Then this process is not wanted.
      if (!stillOurs) throw new Error("the agent is no longer assigned to this node");
      await recordAgentReady(db, agent.id, pid);
      this.log.debug({ agent: agent.agentKey, pid }, "agent ready");
      await this.publishStatus(ref, "IDLE", pid);
      await this.healer.onReady(ref);
      await this.nudgeControlPlane();
    } catch (error) {
      this.log.warn({ agent: agent.agentKey, err: (error as Error).message }, "agent failed to start");
      // Never leave a process running that the record does not know is ready.
      if (process.alive) await process.stop(0);
    }
  }

  private async onExit(agentId: string, process: AgentProcess, exit: ExitInfo) {
    if (this.processes.get(agentId) === process) this.processes.delete(agentId);
    this.healer.onExit(agentId);
    if (!exit.expected && !this.stopped) this.healer.noticeCrash(agentId);
    const { db, settings } = this.options;
    const ref = this.refs.get(agentId)!;
    await Promise.all([
      recordAgentExit(db, agentId, this.nodeId, exit).catch((error) =>
        this.log.error({ err: error }, "could not record an agent exit"),
      ),
      this.publishStatus(ref, exit.expected ? "STOPPED" : "FAILED", null),
    ]);
    const hung = this.hungKilled.delete(agentId);
    const rss = this.overMemory.get(agentId);
    this.overMemory.delete(agentId);
    if (exit.expected || this.stopped) return this.nudgeControlPlane();
    const reason = hung
      ? `hung: no heartbeat and no answer to the runner's pings for ${settings.AGENT_HANG_MS / 1000} s, killed`
      : rss !== undefined
        ? `over its memory limit (${rss.toFixed(0)} MB resident, limit ${process.memoryLimitMb} MB), drained and restarted`
        : "the agent process died";
    this.log.warn({ agent: ref.key, code: exit.code, signal: exit.signal, hung }, "agent exited unexpectedly");
    await this.healer.onCrash(ref, process.readyAt ?? null, exit, reason, hung ? "agent_hung" : "agent_crashed");
    await this.nudgeControlPlane();
  }

  private forget(agentId: string): void {
    this.rows.delete(agentId);
    this.refs.delete(agentId);
    this.healer.forget(agentId);
  }

  /** Agents this runner keeps anything of (for tests and the soak). */
  get held(): number {
    return new Set([...this.rows.keys(), ...this.refs.keys(), ...this.processes.keys()]).size;
  }

  /** A restart after a crash: straight from the cached record (quick); a full sync when there is none. */
  private restart(agentId: string): void {
    const cached = this.rows.get(agentId);
    if (this.stopped) return;
    if (cached && !this.processes.has(agentId) && this.healer.mayStart(agentId))
      void this.startAgent(cached.row, cached.subordinateIds);
    else this.requestSync();
  }

  private spare?: ChildProcess;

  /** The waiting spare process (if it is still alive), replaced by a new one in the background. */
  private takeSpare(): ChildProcess | undefined {
    const spare = this.spare;
    this.spare = undefined;
    void this.refillSpare();
    return spare && spare.exitCode === null && spare.signalCode === null && spare.connected ? spare : undefined;
  }

  private async refillSpare(): Promise<void> {
    if (this.stopped || this.spare) return;
    const bundle = await ensureAgentBundle();
    // Stopped (or refilled) while the bundle was checked: no process may outlive the runner.
    if (this.stopped || this.spare) return;
    const child = forkSpare(bundle, agentEnv());
    this.spare = child;
    child.once("exit", () => {
      if (this.spare === child) this.spare = undefined;
    });
  }

  /** Alive but silent (e.g. stopped with SIGSTOP): kill it, and the crash path restarts it. */
  private async killHungAgents(): Promise<void> {
    if (this.checkingHangs) return;
    this.checkingHangs = true;
    try {
      const judged = new Map(
        [...this.processes.entries()].filter(([, p]) => p.alive && p.readyAt !== undefined && !p.isStopping),
      );
      const hung = await this.healer
        .hung([...judged].map(([id, p]) => ({ id, readyAt: p.readyAt!, lastAnswerAt: p.lastAnswerAt ?? p.readyAt! })))
        .catch(() => []);
      // Asked after judging: the answers are read before the next check.
      for (const process of judged.values()) process.ping();
      for (const id of hung) {
        // Only the process that was judged: a replacement started meanwhile has had no chance to beat.
        const process = judged.get(id)!;
        if (this.processes.get(id) !== process || !process.alive) continue;
        this.hungKilled.add(id);
        process.kill();
      }
    } finally {
      this.checkingHangs = false;
    }
    // Over its memory limit: drained and restarted (through the crash path, so backoff and breaker apply).
    for (const [id, agent] of this.processes) {
      if (!agent.memoryLimitMb || !agent.alive || this.overMemory.has(id)) continue;
      const rss = agent.rssMb();
      if (rss !== undefined && rss > agent.memoryLimitMb) {
        this.overMemory.set(id, rss);
        agent.recycle(this.options.settings.AGENT_STOP_GRACE_MS);
      }
    }
  }

  private async publishStatus(ref: AgentRef, status: "STARTING" | "IDLE" | "FAILED" | "STOPPED", pid: number | null) {
    await this.events
      .publish({
        type: "agent.status",
        clusterId: ref.clusterId,
        at: new Date().toISOString(),
        agentId: ref.id,
        key: ref.key,
        status,
        pid,
        circuit: this.healer.circuitOf(ref.id),
      })
      .catch(() => {});
  }

  private async stopAgent(process: AgentProcess) {
    await process.stop(this.options.settings.AGENT_STOP_GRACE_MS);
  }

  private async nudgeControlPlane() {
    await this.options.bus.publish(channels.reconcile, { reason: "node", nodeId: this.nodeId }).catch(() => {});
  }

  /** Stops every agent (each finishes what it holds, within the grace period) and leaves the registry. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.healer.stop();
    this.spare?.kill("SIGKILL");
    this.options.redis.off("ready", this.onRedisReady);
    void this.unsubscribe?.();
    await this.settled();
    await Promise.all([...this.processes.values()].map((p) => this.stopAgent(p)));
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

/** How often the runner checks its agents for hangs and pings them: several times within the hang limit and a heartbeat. */
function hangCheckIntervalMs(settings: Settings): number {
  return Math.max(50, Math.min(settings.AGENT_HEARTBEAT_INTERVAL_MS / 4, settings.AGENT_HANG_MS / 8));
}

/** What every agent process starts with: no secrets; its blueprint's variables come with init. */
function agentEnv(): NodeJS.ProcessEnv {
  return childProcessEnv({ NODE_ENV: "production" });
}

type StartableAgent = {
  id: string;
  clusterId: string;
  agentKey: string;
  role: string;
  name: string;
  capabilities: string[];
  spec: unknown;
};

function envNamesOf(runtime: BlueprintAgent["runtime"]): string[] {
  if (runtime.type === "command") return runtime.env_allow ?? [];
  if (runtime.type === "llm") return runtime.api_key_env ? [runtime.api_key_env] : [];
  return [];
}
