/**
 * The infrastructure agent's rules (self-healing-cluster.md): what a sample of a node's
 * health means and what to do about it. Pure: the sample and thresholds in, findings with
 * their healing actions out. Redis and PostgreSQL come judged (domain/healing/liveness): only
 * a dead managed redis-server is restarted; slow is reported and left alone.
 */
import type { Verdict } from "./liveness";

export interface InfraSample {
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number;
  /** Not dead (up or slow): what the dashboard shows. */
  redisUp: boolean;
  /** Whether Myzel manages the redis-server (only then may it restart it). */
  redisManaged: boolean;
  databaseUp: boolean;
  redis: Verdict;
  database: Verdict;
}

/** A sample's service fields from the two verdicts. */
export function serviceFields(
  redis: Verdict,
  database: Verdict,
  redisManaged: boolean,
): Pick<InfraSample, "redis" | "database" | "redisUp" | "databaseUp" | "redisManaged"> {
  return { redis, database, redisUp: redis.status !== "down", databaseUp: database.status !== "down", redisManaged };
}

export interface InfraThresholds {
  cpuWarningPercent: number;
  memoryCriticalPercent: number;
  diskCriticalPercent: number;
}

export type HealAction =
  | "clear_caches"
  | "trim_result_cache"
  | "clean_temp_files"
  | "purge_expired_data"
  | "restart_redis";

export interface Finding {
  kind: "cpu_high" | "memory_high" | "disk_high" | "redis_down" | "database_down" | "redis_slow" | "database_slow";
  severity: "warning" | "critical";
  detail: string;
  actions: HealAction[];
}

export function diagnose(sample: InfraSample, thresholds: InfraThresholds): Finding[] {
  const findings: Finding[] = [];
  if (sample.cpuPercent > thresholds.cpuWarningPercent) {
    // Nothing to heal by itself: it is reported, and the scaler sees it as load.
    findings.push({
      kind: "cpu_high",
      severity: "warning",
      detail: `CPU at ${sample.cpuPercent.toFixed(0)} % (warning above ${thresholds.cpuWarningPercent} %)`,
      actions: [],
    });
  }
  if (sample.memoryPercent > thresholds.memoryCriticalPercent) {
    findings.push({
      kind: "memory_high",
      severity: "critical",
      detail: `memory at ${sample.memoryPercent.toFixed(0)} % (critical above ${thresholds.memoryCriticalPercent} %)`,
      actions: ["clear_caches", "trim_result_cache"],
    });
  }
  if (sample.diskPercent > thresholds.diskCriticalPercent) {
    findings.push({
      kind: "disk_high",
      severity: "critical",
      detail: `disk at ${sample.diskPercent.toFixed(0)} % (critical above ${thresholds.diskCriticalPercent} %)`,
      actions: ["clean_temp_files", "purge_expired_data"],
    });
  }
  const { redis, database } = sample;
  if (redis.status === "down") {
    findings.push({
      kind: "redis_down",
      severity: "critical",
      detail: sample.redisManaged
        ? `the managed redis-server is down: ${redis.detail}`
        : `Redis (REDIS_URL) is down: ${redis.detail}; Myzel does not manage it`,
      actions: sample.redisManaged ? ["restart_redis"] : [],
    });
  } else if (redis.status === "slow") {
    // Alive: restarting it would turn slowness into an outage.
    findings.push({ kind: "redis_slow", severity: "warning", detail: `Redis is slow: ${redis.detail}`, actions: [] });
  }
  if (database.status === "down")
    findings.push({
      kind: "database_down",
      severity: "critical",
      detail: `PostgreSQL is down: ${database.detail}`,
      actions: [],
    });
  else if (database.status === "slow")
    findings.push({
      kind: "database_slow",
      severity: "warning",
      detail: `PostgreSQL is slow: ${database.detail}`,
      actions: [],
    });
  return findings;
}
