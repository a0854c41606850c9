import { describe, expect, it } from "vitest";
import { diagnose, type InfraSample } from "./infra-rules";

const healthy: InfraSample = { cpuPercent: 20, memoryPercent: 40, diskPercent: 50, redisUp: true, redisManaged: true, databaseUp: true };
const thresholds = { cpuWarningPercent: 90, memoryCriticalPercent: 85, diskCriticalPercent: 90 };

describe("diagnose", () => {
  it("finds nothing on a healthy node", () => {
    expect(diagnose(healthy, thresholds)).toEqual([]);
  });

  it("uses the seed's thresholds: CPU warning > 90 %, memory critical > 85 %, disk critical > 90 %", () => {
    expect(diagnose({ ...healthy, cpuPercent: 90 }, thresholds)).toEqual([]);
    expect(diagnose({ ...healthy, cpuPercent: 95 }, thresholds)).toEqual([expect.objectContaining({ kind: "cpu_high", severity: "warning", actions: [] })]);
    expect(diagnose({ ...healthy, memoryPercent: 86 }, thresholds)).toEqual([expect.objectContaining({ kind: "memory_high", actions: ["clear_caches", "trim_result_cache"] })]);
    expect(diagnose({ ...healthy, diskPercent: 91 }, thresholds)).toEqual([expect.objectContaining({ kind: "disk_high", actions: ["clean_temp_files", "purge_expired_data"] })]);
  });

  it("restarts Redis only when Myzel manages it", () => {
    expect(diagnose({ ...healthy, redisUp: false }, thresholds)[0]).toMatchObject({ kind: "redis_down", actions: ["restart_redis"] });
    const external = diagnose({ ...healthy, redisUp: false, redisManaged: false }, thresholds)[0]!;
    expect(external.actions).toEqual([]);
    expect(external.detail).toContain("does not manage it");
  });

  it("reports a database that does not answer", () => {
    expect(diagnose({ ...healthy, databaseUp: false }, thresholds)).toEqual([expect.objectContaining({ kind: "database_down", severity: "critical" })]);
  });
});
