/** A cluster's metric samples over a window, folded into at most about 300 points for charts. */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { bucketFor } from "../domain/metrics/chart-buckets";
import type { metricsHistoryInput } from "../schemas/metrics";
import { findCluster } from "./clusters";

interface Row {
  bucket: Date;
  queue_length: number;
  queue_wait_ms: number;
  tasks_per_minute: number;
  avg_response_ms: number;
  p95_response_ms: number;
  error_rate: number;
  agents_active: number;
  agents_idle: number;
  agents_busy: number;
  agents_failed: number;
  cpu_percent: number;
  memory_mb: number;
}

export async function metricsHistory(
  deps: Pick<CoreDeps, "db" | "settings">,
  input: z.infer<typeof metricsHistoryInput>,
) {
  await findCluster(deps.db, input.id);
  const bucketSeconds = bucketFor(
    input.windowMinutes,
    Math.max(1, Math.round(deps.settings.METRICS_INTERVAL_MS / 1000)),
  );
  const bucket = `${bucketSeconds} seconds`;
  const since = new Date(Date.now() - input.windowMinutes * 60_000);
  const rows = await deps.db.$queryRaw<Row[]>`
    SELECT date_bin(${bucket}::interval, sampled_at, 'epoch'::timestamptz) AS bucket,
      avg(queue_length)::float8 AS queue_length, avg(queue_wait_ms) AS queue_wait_ms, avg(tasks_per_minute) AS tasks_per_minute,
      avg(avg_response_ms) AS avg_response_ms, max(p95_response_ms) AS p95_response_ms, avg(error_rate) AS error_rate,
      avg(agents_active)::float8 AS agents_active, avg(agents_idle)::float8 AS agents_idle, avg(agents_busy)::float8 AS agents_busy,
      max(agents_failed)::float8 AS agents_failed, avg(cpu_percent) AS cpu_percent, avg(memory_mb) AS memory_mb
    FROM cluster_metrics
    WHERE cluster_id = ${input.id}::uuid AND sampled_at >= ${since}
    GROUP BY 1 ORDER BY 1`;
  const r = (value: number) => Math.round(value * 10) / 10;
  return {
    clusterId: input.id,
    windowMinutes: input.windowMinutes,
    bucketSeconds,
    points: rows.map((row) => ({
      sampledAt: row.bucket.toISOString(),
      queueLength: r(row.queue_length),
      queueWaitMs: r(row.queue_wait_ms),
      tasksPerMinute: r(row.tasks_per_minute),
      avgResponseMs: r(row.avg_response_ms),
      p95ResponseMs: r(row.p95_response_ms),
      errorRate: Math.round(row.error_rate * 1000) / 1000,
      agentsActive: r(row.agents_active),
      agentsIdle: r(row.agents_idle),
      agentsBusy: r(row.agents_busy),
      agentsFailed: r(row.agents_failed),
      cpuPercent: r(row.cpu_percent),
      memoryMb: r(row.memory_mb),
    })),
  };
}
