/**
 * The control plane inside a server: the dispatcher (routing), the result recorder, the
 * reconciler, the control queues, and this host's runner. `start()` and `stop()` bring them
 * up and down in order; requests reach them through the `ControlHandle`.
 */
import os from "node:os";
import type { AppDeps, ControlHandle } from "../api/trpc";
import { HealingLog } from "../core/logs/healing-log";
import { ScalingLog } from "../core/logs/scaling-log";
import { AgentQueues } from "../core/tasks/agent-queues";
import { Dispatcher } from "../core/tasks/dispatcher";
import { ResultRecorder } from "../core/tasks/result-recorder";
import { TaskStore } from "../core/tasks/task-store";
import { Waiters } from "../core/tasks/waiters";
import type { Settings } from "../env";
import type { Database } from "../infra/database/client";
import type { EmbeddedRedis } from "../infra/embedded/redis";
import type { EventPublisher } from "../infra/events";
import { keys } from "../infra/keys";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import { Runner } from "../runner/runner";
import { Drills } from "./drill/drills";
import { healCluster } from "./healing/cluster-heal";
import { InfrastructureAgent } from "./healing/infrastructure-agent";
import { LeaderLease } from "./leader-lease";
import { MetricsSampler } from "./metrics/metrics-sampler";
import { ControlQueues } from "./queues/control-queues";
import { Reconciler } from "./reconcile/reconciler";
import { AutoScaler } from "./scaling/auto-scaler";

export interface ControlPlaneDeps {
  embeddedRedis?: EmbeddedRedis;
  databaseUrl: string;
  db: Database;
  redis: Redis;
  redisUrl: string;
  events: EventPublisher;
  settings: Settings;
  log: Logger;
}

export class ControlPlane {
  readonly handle: ControlHandle;
  readonly runner?: Runner;
  private readonly queues: AgentQueues;
  private readonly dispatcher: Dispatcher;
  private readonly tasks: TaskStore;
  private readonly recorder: ResultRecorder;
  private readonly reconciler: Reconciler;
  private controlQueues?: ControlQueues;
  private controlQueueTimer?: NodeJS.Timeout;
  private stopped = false;
  readonly nodeId: string;
  readonly lease: LeaderLease;
  readonly infrastructure: InfrastructureAgent;
  readonly sampler: MetricsSampler;
  private readonly drills: Drills;
  private appDeps?: AppDeps;

  constructor(private readonly deps: ControlPlaneDeps) {
    const { db, redis, settings, log } = deps;
    this.nodeId = settings.NODE_ID ?? `${os.hostname()}-server-${settings.PORT || process.pid}`;
    this.queues = new AgentQueues(redis);
    this.tasks = new TaskStore({ db, redis, events: deps.events, resultTtlSeconds: settings.RESULT_TTL_SECONDS });
    this.dispatcher = new Dispatcher({ db, tasks: this.tasks, queues: this.queues, settings, log });
    this.recorder = new ResultRecorder({
      ...deps,
      dispatcher: this.dispatcher,
      tasks: this.tasks,
      consumer: this.nodeId,
    });
    this.lease = new LeaderLease(
      redis,
      this.nodeId,
      settings.LEADER_LEASE_MS,
      log,
      (leader) => leader && this.reconciler.request(),
    );
    this.reconciler = new Reconciler({ ...deps, dispatcher: this.dispatcher, tasks: this.tasks, lease: this.lease });
    const healingLog = new HealingLog(db, deps.events);
    this.infrastructure = new InfrastructureAgent({
      db,
      redis,
      settings,
      log,
      dispatcher: this.dispatcher,
      lease: this.lease,
      embeddedRedis: deps.embeddedRedis,
      redisUrl: deps.redisUrl,
      databaseUrl: deps.databaseUrl,
      healingLog,
      events: deps.events,
      nodeId: this.nodeId,
    });
    const scaler = new AutoScaler({
      app: () => this.appDeps!,
      recentSamples: (id) => this.sampler.recentSamples(id),
      scalingLog: new ScalingLog(redis, deps.events, settings.METRICS_INTERVAL_MS),
    });
    this.sampler = new MetricsSampler({
      db,
      redis,
      events: deps.events,
      settings,
      log,
      lease: this.lease,
      afterSample: (samples) => scaler.onSamples(samples),
    });
    if (settings.RUNNER_ENABLED)
      this.runner = new Runner({ db, redis, redisUrl: deps.redisUrl, settings, log, nodeId: this.nodeId });
    this.drills = new Drills(() => ({
      app: this.appDeps!,
      healingLog,
      databaseUrl: deps.databaseUrl,
      redisUrl: deps.redisUrl,
      embeddedRedis: deps.embeddedRedis,
    }));
    this.handle = {
      dispatcher: this.dispatcher,
      tasks: this.tasks,
      waiters: new Waiters(),
      queues: this.queues,
      requestReconcile: () => void redis.publish(keys.reconcile, "api").catch(() => {}),
      heal: async (options) => {
        if (!options.clusterId) return this.infrastructure.heal(options);
        return healCluster(this.appDeps!, healingLog, await this.infrastructure.sampleNow(), {
          ...options,
          clusterId: options.clusterId,
        });
      },
      systemSample: () => this.infrastructure.current(),
      isLeader: () => this.lease.isLeader,
      nodeId: this.nodeId,
      drills: { start: (input, actor) => this.drills.start(input, actor), get: (id) => this.drills.get(id) },
    };
  }

  async start(appDeps: AppDeps): Promise<void> {
    this.appDeps = appDeps;
    await this.recorder.start();
    this.controlQueues = new ControlQueues({ ...appDeps, redisUrl: this.deps.redisUrl });
    await this.syncControlQueues();
    this.controlQueueTimer = setInterval(() => void this.syncControlQueues(), 2000);
    await this.runner?.start();
    await this.lease.start();
    await this.reconciler.start();
    this.infrastructure.start();
    this.sampler.start();
  }

  /** A control queue for every cluster that exists. */
  private async syncControlQueues(): Promise<void> {
    try {
      const clusters = await this.deps.db.cluster.findMany({ where: { deletedAt: null }, select: { id: true } });
      if (!this.stopped) await this.controlQueues?.sync(clusters.map((c) => c.id));
    } catch (error) {
      this.deps.log.warn({ err: error }, "control queues could not be synced");
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.drills.stop();
    this.infrastructure.stop();
    this.sampler.stop();
    clearInterval(this.controlQueueTimer);
    await this.reconciler.stop();
    await this.lease.stop();
    await this.runner?.stop();
    await this.controlQueues?.stop();
    await this.recorder.stop();
    await this.queues.close();
  }
}
