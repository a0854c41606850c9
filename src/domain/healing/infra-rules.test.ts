import { describe, expect, it } from "vitest";
import { diagnose, type InfraSample, serviceFields } from "./infra-rules";
import type { Verdict } from "./liveness";

const up: Verdict = { status: "up" };
const healthy: InfraSample = { cpuPercent: 20, memoryPercent: 40, diskPercent: 50, ...serviceFields(up, up, true) };
const down: Verdict = { status: "down", detail: "its process exited" };
const slow: Verdict = { status: "slow", detail: "3 checks in a row went unanswered over 2.0 s; its process is alive" };
const thresholds = { cpuWarningPercent: 90, memoryCriticalPercent: 85, diskCriticalPercent: 90 };

describe("diagnose", () => {
  it("finds nothing on a healthy node", () => {
    expect(diagnose(healthy, thresholds)).toEqual([]);
  });

  it("uses the seed's thresholds: CPU warning > 90 %, memory critical > 85 %, disk critical > 90 %", () => {
    expect(diagnose({ ...healthy, cpuPercent: 90 }, thresholds)).toEqual([]);
    expect(diagnose({ ...healthy, cpuPercent: 95 }, thresholds)).toEqual([
      expect.objectContaining({ kind: "cpu_high", severity: "warning", actions: [] }),
    ]);
    expect(diagnose({ ...healthy, memoryPercent: 86 }, thresholds)).toEqual([
      expect.objectContaining({ kind: "memory_high", actions: ["clear_caches", "trim_result_cache"] }),
    ]);
    expect(diagnose({ ...healthy, diskPercent: 91 }, thresholds)).toEqual([
      expect.objectContaining({ kind: "disk_high", actions: ["clean_temp_files", "purge_expired_data"] }),
    ]);
  });

  it("restarts a dead Redis only when Myzel manages it", () => {
    expect(diagnose({ ...healthy, ...serviceFields(down, up, true) }, thresholds)[0]).toMatchObject({
      kind: "redis_down",
      actions: ["restart_redis"],
      detail: expect.stringContaining("exited"),
    });
    const external = diagnose({ ...healthy, ...serviceFields(down, up, false) }, thresholds)[0]!;
    expect(external.actions).toEqual([]);
    expect(external.detail).toContain("does not manage it");
  });

  it("reports a slow Redis as a warning and does nothing to it, managed or not", () => {
    for (const managed of [true, false]) {
      expect(diagnose({ ...healthy, ...serviceFields(slow, up, managed) }, thresholds)).toEqual([
        { kind: "redis_slow", severity: "warning", detail: expect.stringContaining("alive"), actions: [] },
      ]);
    }
    expect(serviceFields(slow, up, true).redisUp).toBe(true);
  });

  it("reports a database that is down or slow, with nothing to do", () => {
    expect(diagnose({ ...healthy, ...serviceFields(up, down, true) }, thresholds)).toEqual([
      expect.objectContaining({ kind: "database_down", severity: "critical", actions: [] }),
    ]);
    expect(diagnose({ ...healthy, ...serviceFields(up, slow, true) }, thresholds)).toEqual([
      expect.objectContaining({ kind: "database_slow", severity: "warning", actions: [] }),
    ]);
  });
});
