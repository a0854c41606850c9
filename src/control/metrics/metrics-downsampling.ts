/**
 * Old metric samples are folded into coarser buckets instead of kept forever: 2-second
 * samples become one row per minute after an hour, and minutes become quarter hours after a
 * day; nothing is kept past MYZEL_METRICS_RETENTION_DAYS. Each step is one statement, so a
 * crash in between loses nothing and double-counts nothing.
 */
import type { Database } from "../../infra/database/client";

export const DOWNSAMPLING_TIERS = [
  { afterSeconds: 3600, bucketSeconds: 60 },
  { afterSeconds: 86_400, bucketSeconds: 900 },
] as const;

/** Rows folded per tier; the cut-off is aligned to the bucket so no bucket is split. */
export async function downsampleMetrics(db: Database, retentionDays: number, now = new Date()): Promise<number> {
  let folded = 0;
  for (const tier of DOWNSAMPLING_TIERS) {
    const bucket = `${tier.bucketSeconds} seconds`;
    const before = new Date(now.getTime() - tier.afterSeconds * 1000);
    folded += await db.$executeRaw`
      WITH old AS (
        DELETE FROM cluster_metrics
        WHERE resolution_seconds < ${tier.bucketSeconds}
          AND sampled_at < date_bin(${bucket}::interval, ${before}::timestamptz, 'epoch'::timestamptz)
        RETURNING *
      )
      INSERT INTO cluster_metrics (cluster_id, sampled_at, resolution_seconds, queue_length, queue_wait_ms, tasks_per_minute,
        avg_response_ms, p95_response_ms, error_rate, agents_active, agents_idle, agents_busy, agents_failed, cpu_percent, memory_mb)
      SELECT cluster_id, date_bin(${bucket}::interval, sampled_at, 'epoch'::timestamptz), ${tier.bucketSeconds},
        round(avg(queue_length)), avg(queue_wait_ms), avg(tasks_per_minute), avg(avg_response_ms), max(p95_response_ms),
        avg(error_rate), round(avg(agents_active)), round(avg(agents_idle)), round(avg(agents_busy)), max(agents_failed),
        avg(cpu_percent), avg(memory_mb)
      FROM old
      GROUP BY 1, 2`;
  }
  await db.clusterMetric.deleteMany({
    where: { sampledAt: { lt: new Date(now.getTime() - retentionDays * 86_400_000) } },
  });
  return folded;
}
