/** The overview's system health: this node's CPU, memory and disk, Redis and PostgreSQL, coloured by the thresholds. */
import type { AppDeps } from "../core/deps";
import { type HealthLevel, resourceLevels, worstLevel } from "../domain/healing/health-levels";
import type { SystemHealthDto } from "../schemas/system-api";
import { healthReport } from "./health-report";

export async function systemHealth(
  deps: Pick<AppDeps, "db" | "redis" | "settings" | "control" | "nodeId">,
): Promise<SystemHealthDto> {
  const [sample, report] = await Promise.all([
    deps.control.systemSample(),
    healthReport(deps, { leader: deps.control.isLeader() }),
  ]);
  const s = deps.settings;
  const thresholds = {
    cpuWarningPercent: s.CPU_WARNING_PERCENT,
    memoryCriticalPercent: s.MEMORY_CRITICAL_PERCENT,
    diskCriticalPercent: s.DISK_CRITICAL_PERCENT,
  };
  const levels = resourceLevels(sample, thresholds);
  const services: HealthLevel[] = [
    report.redis.status === "up" ? "ok" : "critical",
    report.database.status === "up" ? "ok" : "critical",
  ];
  return {
    status: worstLevel([levels.cpu, levels.memory, levels.disk, ...services]),
    nodeId: deps.nodeId,
    leader: report.leader,
    uptimeSeconds: report.uptimeSeconds,
    sampledAt: new Date().toISOString(),
    thresholds,
    cpu: { percent: round(sample.cpuPercent), level: levels.cpu },
    memory: { percent: round(sample.memoryPercent), level: levels.memory },
    disk: { percent: round(sample.diskPercent), level: levels.disk },
    redis: { ...report.redis, managed: sample.redisManaged },
    database: report.database,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
