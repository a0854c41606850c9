/**
 * The control plane inside a server: the control queues and the leader's
 * loops (reconciler, infrastructure healer, metrics sampler and auto-scaler), built on the core.
 * `start()` and `stop()` bring them up and down in order; requests reach them through `ports`.
 */
import type { ControlPorts, CoreDeps } from "../core/deps";
import { every, type Loop } from "../core/every";
import type { EmbeddedRedis } from "../infra/embedded/redis";
import { Drills } from "./drill/drills";
import { healCluster } from "./healing/cluster-heal";
import { InfrastructureAgent } from "./healing/infrastructure-agent";
import { LeaderLease } from "./leader-lease";
import { MetricsSampler } from "./metrics/metrics-sampler";
import { ControlQueues } from "./queues/control-queues";
import { Reconciler } from "./reconcile/reconciler";
import { AutoScaler } from "./scaling/auto-scaler";

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
  private controlQueueLoop?: Loop;

  constructor(
    private readonly core: CoreDeps,
    services: ServiceAddresses,
  ) {
    const { db, redis, settings, log, nodeId } = core;
    this.lease = new LeaderLease(redis, nodeId, settings.LEADER_LEASE_MS, log, (leader) => {
      if (leader) this.reconciler.request();
    });
    this.reconciler = new Reconciler({ ...core, lease: this.lease });
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
    this.controlQueues = new ControlQueues({ ...core, redisUrl: services.redisUrl });
    this.drills = new Drills({ app: core, healingLog: core.healingLog, ...services });
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
      drills: { start: (input, actor) => this.drills.start(input, actor), get: (id) => this.drills.get(id) },
    };
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
  }

  /** A control queue for every cluster that exists. */
  private async syncControlQueues(): Promise<void> {
    const clusters = await this.core.db.cluster.findMany({ where: { deletedAt: null }, select: { id: true } });
    await this.controlQueues.sync(clusters.map((c) => c.id));
  }

  async stop(): Promise<void> {
    await this.drills.stop();
    await Promise.all([this.infrastructure.stop(), this.sampler.stop(), this.controlQueueLoop?.stop()]);
    await this.reconciler.stop();
    await this.lease.stop();
    await this.controlQueues.stop();
  }
}
