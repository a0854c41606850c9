/**
 * The leader samples every running cluster on an interval (MYZEL_METRICS_INTERVAL_MS): the
 * sample is stored in cluster_metrics, published as a `metrics.sample` event for the
 * dashboards, and kept in memory for a few minutes for the auto-scaler. Once a minute old
 * samples are downsampled.
 */

import { every, type Loop } from "../../core/every";
import { type ClusterSample, collectClusterSamples } from "../../core/metrics/cluster-samples";
import { RUNNING_CLUSTER_STATUSES } from "../../domain/cluster/agent-desired";
import type { Settings } from "../../env";
import type { Database } from "../../infra/database/client";
import type { EventPublisher } from "../../infra/events";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";
import { sweepIdempotencyKeys } from "../../services/idempotency-keys";
import { downsampleMetrics } from "./metrics-downsampling";

interface Deps {
  db: Database;
  redis: Redis;
  events: EventPublisher;
  settings: Settings;
  log: Logger;
  lease: { isLeader: boolean };
  /** Runs after each round (the auto-scaler). */
  afterSample?: (samples: readonly ClusterSample[]) => Promise<void>;
}

/** How long samples stay in memory for the scaler: its longest stabilization window (15 min) and some. */
const RECENT_MS = 16 * 60_000;

export class MetricsSampler {
  private readonly recent = new Map<string, ClusterSample[]>();
  private loops: Loop[] = [];

  constructor(private readonly deps: Deps) {}

  start(): void {
    const log = this.deps.log;
    this.loops = [
      every(this.deps.settings.METRICS_INTERVAL_MS, () => this.sample(), { log, name: "metric sampling" }),
      every(60_000, () => this.downsample(), { log, name: "metric downsampling" }),
    ];
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  /** The samples of the last minutes without a gap, oldest first (empty on a server that just became leader). */
  recentSamples(clusterId: string): readonly ClusterSample[] {
    return this.recent.get(clusterId) ?? [];
  }

  /** The newest sample of every running cluster (for /metrics). */
  latestSamples(): ClusterSample[] {
    return [...this.recent.values()].flatMap((series) => series.slice(-1));
  }

  /** Samples every running cluster (one round at a time: the loop never overlaps them). */
  private async sample(): Promise<void> {
    const { db, redis, events, lease, settings } = this.deps;
    if (!lease.isLeader) return;
    const clusters = await db.cluster.findMany({
      where: { status: { in: [...RUNNING_CLUSTER_STATUSES] }, deletedAt: null },
      select: { id: true },
    });
    const samples = await collectClusterSamples(
      db,
      redis,
      clusters.map((c) => c.id),
    );
    this.remember(samples);
    if (!samples.length) return await this.deps.afterSample?.(samples);
    const resolutionSeconds = Math.max(1, Math.round(settings.METRICS_INTERVAL_MS / 1000));
    await db.clusterMetric.createMany({
      data: samples.map((s) => ({
        clusterId: s.clusterId,
        sampledAt: new Date(s.at),
        resolutionSeconds,
        ...s.figures,
      })),
    });
    const at = new Date().toISOString();
    await Promise.all(
      samples.map((s) => events.publish({ type: "metrics.sample", clusterId: s.clusterId, at, sample: s.figures })),
    );
    await this.deps.afterSample?.(samples);
  }

  private remember(samples: ClusterSample[]) {
    const cutoff = Date.now() - RECENT_MS;
    // A gap (this server was not leading, or could not sample) breaks a series: the scaler must
    // not read calm from before the gap as calm right up to now.
    const gapMs = 3 * this.deps.settings.METRICS_INTERVAL_MS;
    const seen = new Set<string>();
    for (const sample of samples) {
      seen.add(sample.clusterId);
      const previous = this.recent.get(sample.clusterId) ?? [];
      const series = (sample.at - (previous.at(-1)?.at ?? 0) > gapMs ? [] : previous).filter((s) => s.at >= cutoff);
      series.push(sample);
      this.recent.set(sample.clusterId, series);
    }
    // Clusters that stopped running (hibernated, destroyed) leave no history behind.
    for (const id of this.recent.keys()) if (!seen.has(id)) this.recent.delete(id);
  }

  /** The leader's once-a-minute retention pass: old samples, and expired idempotency keys with it. */
  private async downsample(): Promise<void> {
    if (!this.deps.lease.isLeader) return;
    await downsampleMetrics(this.deps.db, this.deps.settings.METRICS_RETENTION_DAYS);
    await sweepIdempotencyKeys(this.deps.db);
  }
}
