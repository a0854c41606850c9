/**
 * The infrastructure agent's rules (self-healing-cluster.md): what a sample of a node's
 * health means and what to do about it. Pure: the sample and thresholds in, findings with
 * their healing actions out.
 */

export interface InfraSample {
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number;
  redisUp: boolean;
  /** Whether Myzel manages the redis-server (only then may it restart it). */
  redisManaged: boolean;
  databaseUp: boolean;
}

export interface InfraThresholds {
  cpuWarningPercent: number;
  memoryCriticalPercent: number;
  diskCriticalPercent: number;
}

export type HealAction = "clear_caches" | "trim_result_cache" | "clean_temp_files" | "purge_expired_data" | "restart_redis";

export interface Finding {
  kind: "cpu_high" | "memory_high" | "disk_high" | "redis_down" | "database_down";
  severity: "warning" | "critical";
  detail: string;
  actions: HealAction[];
}

export function diagnose(sample: InfraSample, thresholds: InfraThresholds): Finding[] {
  const findings: Finding[] = [];
  if (sample.cpuPercent > thresholds.cpuWarningPercent) {
    // Nothing to heal by itself: it is reported, and the scaler sees it as load.
    findings.push({ kind: "cpu_high", severity: "warning", detail: `CPU at ${sample.cpuPercent.toFixed(0)} % (warning above ${thresholds.cpuWarningPercent} %)`, actions: [] });
  }
  if (sample.memoryPercent > thresholds.memoryCriticalPercent) {
    findings.push({ kind: "memory_high", severity: "critical", detail: `memory at ${sample.memoryPercent.toFixed(0)} % (critical above ${thresholds.memoryCriticalPercent} %)`, actions: ["clear_caches", "trim_result_cache"] });
  }
  if (sample.diskPercent > thresholds.diskCriticalPercent) {
    findings.push({ kind: "disk_high", severity: "critical", detail: `disk at ${sample.diskPercent.toFixed(0)} % (critical above ${thresholds.diskCriticalPercent} %)`, actions: ["clean_temp_files", "purge_expired_data"] });
  }
  if (!sample.redisUp) {
    findings.push({
      kind: "redis_down",
      severity: "critical",
      detail: sample.redisManaged ? "the managed redis-server does not answer" : "Redis (REDIS_URL) does not answer; Myzel does not manage it",
      actions: sample.redisManaged ? ["restart_redis"] : [],
    });
  }
  if (!sample.databaseUp) {
    findings.push({ kind: "database_down", severity: "critical", detail: "PostgreSQL does not answer", actions: [] });
  }
  return findings;
}
