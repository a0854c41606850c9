/**
 * The control plane inside a server: the control queues and the leader's
 * loops (reconciler, infrastructure healer, metrics sampler and auto-scaler), built on the core.
 * `start()` and `stop()` bring them up and down in order; requests reach them through `ports`.
 */
import type { ControlPorts, CoreDeps } from "../core/deps";
import { every, type Loop } from "../core/every";
import { fencedWrite, leaderRecord, type Tx } from "../core/leader-fence";
import { type GoneCluster, RETIRED_QUEUE_WATCH_MS, retiredQueueClusters } from "../domain/cluster/retired-queues";
import type { EmbeddedRedis } from "../infra/embedded/redis";
import { AlertDeliveries } from "./alerts/alert-deliveries";
import { approvalTimeouts } from "./approvals/approval-timeouts";
import { Backups } from "./backup/backups";
import { Drills } from "./drill/drills";
import { healCluster } from "./healing/cluster-heal";
import { InfrastructureAgent } from "./healing/infrastructure-agent";
import { LeaderLease } from "./leader-lease";
import { memoryRetention } from "./memory/memory-retention";
import { MetricsSampler } from "./metrics/metrics-sampler";
import { PrometheusExporter } from "./metrics/prometheus-exporter";
import { ControlQueues } from "./queues/control-queues";
import { Reconciler } from "./reconcile/reconciler";
import { AutoScaler } from "./scaling/auto-scaler";
import { ScheduleRunner } from "./schedules/schedule-runner";

/** Where the services Myzel may manage are. */
export interface ServiceAddresses {
  redisUrl: string;
  databaseUrl: string;
  /** The Redis this server started and supervises, when it did. */
  embeddedRedis?: EmbeddedRedis;
}

export class ControlPlane {
  readonly ports: ControlPorts;
  readonly lease: LeaderLease;
  readonly infrastructure: InfrastructureAgent;
  readonly sampler: MetricsSampler;
  private readonly reconciler: Reconciler;
  private readonly controlQueues: ControlQueues;
  private readonly drills: Drills;
  private readonly backups: Backups;
  private controlQueueLoop?: Loop;
  private readonly alertDeliveries: AlertDeliveries;
  private memoryRetentionLoop?: Loop;
  private readonly schedules: ScheduleRunner;
  private approvalTimeoutLoop?: Loop;

  constructor(
    private readonly core: CoreDeps,
    services: ServiceAddresses,
  ) {
    const { db, redis, settings, log, nodeId } = core;
    this.lease = new LeaderLease(redis, nodeId, settings.LEADER_LEASE_MS, log, (leader) => {
      if (leader) this.reconciler.request();
      if (leader) void this.recordFailover();
      this.schedules.request();
    });
    // The leader's epoch reaches the writes of desired state: a deposed leader's are refused.
    const fence = <T>(write: (tx: Tx) => Promise<T>) =>
      fencedWrite(db, { epoch: this.lease.epoch, holder: nodeId }, write);
    this.reconciler = new Reconciler({ ...core, lease: this.lease, fence });
    this.infrastructure = new InfrastructureAgent({ ...core, ...services, lease: this.lease });
    const scaler = new AutoScaler({
      app: core,
      recentSamples: (id) => this.sampler.recentSamples(id),
      scalingLog: core.scalingLog,
    });
    this.sampler = new MetricsSampler({
      db,
      redis,
      events: core.events,
      settings,
      log,
      lease: this.lease,
      afterSample: (samples) => scaler.onSamples(samples),
    });
    const exporter = new PrometheusExporter({
      core,
      lease: this.lease,
      latestSamples: () => this.sampler.latestSamples(),
    });
    this.controlQueues = new ControlQueues({ ...core, redisUrl: services.redisUrl });
    this.alertDeliveries = new AlertDeliveries({ ...core, redisUrl: services.redisUrl, lease: this.lease });
    this.drills = new Drills({ app: core, healingLog: core.healingLog, ...services });
    this.backups = new Backups({ ...core, ...services, lease: this.lease });
    this.schedules = new ScheduleRunner(core, () => this.lease.isLeader);
    this.ports = {
      heal: async (options) => {
        if (!options.clusterId) return this.infrastructure.heal(options);
        return healCluster(core, core.healingLog, await this.infrastructure.sampleNow(), {
          ...options,
          clusterId: options.clusterId,
        });
      },
      systemSample: () => this.infrastructure.current(),
      isLeader: () => this.lease.isLeader,
      prometheusText: () => exporter.text(),
      drills: { start: (input, actor) => this.drills.start(input, actor), get: (id) => this.drills.get(id) },
      backups: {
        begin: (actor) => this.backups.begin(actor),
        verify: (id) => this.backups.verify(id),
        settings: () => this.backups.settings(),
      },
    };
  }

  /** Leadership that moved to this server from another is a failover: counted and in the history. */
  private async recordFailover(): Promise<void> {
    const { db, nodeId, healingLog, log } = this.core;
    const epoch = this.lease.epoch;
    const previous = await leaderRecord(db).catch(() => null);
    if (!previous || previous.holder === nodeId || previous.epoch >= epoch) return;
    await healingLog
      .record({
        kind: "leader_failover",
        severity: "warning",
        subject: `control plane on ${nodeId}`,
        nodeId,
        detail: `${previous.holder} (epoch ${previous.epoch}) no longer leads`,
        action: `${nodeId} leads with epoch ${epoch}; writes of older epochs are refused`,
        outcome: "ok",
      })
      .catch((error) => log.warn({ err: error }, "could not record a leader failover"));
  }

  async start(): Promise<void> {
    this.controlQueueLoop = every(2000, () => this.syncControlQueues(), {
      log: this.core.log,
      name: "control queue sync",
    });
    await this.controlQueueLoop.request();
    await this.lease.start();
    await this.reconciler.start();
    this.infrastructure.start();
    this.sampler.start();
    this.alertDeliveries.start();
    this.backups.start();
    this.schedules.start();
    this.memoryRetentionLoop = memoryRetention(this.core, () => this.lease.isLeader);
    this.approvalTimeoutLoop = approvalTimeouts(this.core, () => this.lease.isLeader);
  }

  /** A control queue for every cluster that exists; the leader fails the jobs left for those that are gone. */
  private async syncControlQueues(): Promise<void> {
    const live = await this.core.db.cluster.findMany({ where: { deletedAt: null }, select: { id: true } });
    const liveIds = live.map((c) => c.id);
    await this.controlQueues.sync(liveIds, this.lease.isLeader ? await this.goneClusters(liveIds) : []);
  }

  private async goneClusters(live: string[]): Promise<GoneCluster[]> {
    const { db } = this.core;
    const now = new Date();
    const producers = await db.producer.findMany({ where: { revokedAt: null }, select: { clusterIds: true } });
    const producerClusterIds = producers.flatMap((p) => p.clusterIds);
    const deleted = await db.cluster.findMany({
      where: {
        deletedAt: { not: null },
        OR: [
          { deletedAt: { gte: new Date(now.getTime() - RETIRED_QUEUE_WATCH_MS) } },
          { id: { in: producerClusterIds } },
        ],
      },
      select: { id: true, deletedAt: true },
    });
    return retiredQueueClusters({
      now,
      live,
      deleted: deleted.map((c) => ({ id: c.id, deletedAt: c.deletedAt! })),
      producerClusterIds,
    });
  }

  async stop(): Promise<void> {
    await Promise.all([this.drills.stop(), this.backups.stop(), this.alertDeliveries.stop(), this.schedules.stop()]);
    await Promise.all([
      this.infrastructure.stop(),
      this.sampler.stop(),
      this.controlQueueLoop?.stop(),
      this.memoryRetentionLoop?.stop(),
      this.approvalTimeoutLoop?.stop(),
    ]);
    await this.reconciler.stop();
    await this.lease.stop();
    await this.controlQueues.stop();
  }
}
