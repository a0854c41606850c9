import { describe, expect, it } from "vitest";
import { episodeContinues, resourceLevels, worstLevel } from "./health-levels";

const thresholds = { cpuWarningPercent: 90, memoryCriticalPercent: 85, diskCriticalPercent: 90 };

describe("resourceLevels", () => {
  it("colours by the seed's thresholds: CPU warning above 90 %, memory critical above 85 %, disk critical above 90 %", () => {
    expect(resourceLevels({ cpuPercent: 20, memoryPercent: 40, diskPercent: 50 }, thresholds)).toEqual({
      cpu: "ok",
      memory: "ok",
      disk: "ok",
    });
    expect(resourceLevels({ cpuPercent: 95, memoryPercent: 86, diskPercent: 91 }, thresholds)).toEqual({
      cpu: "warning",
      memory: "critical",
      disk: "critical",
    });
  });

  it("warns within ten points below a critical threshold, and not at the threshold's edge below it", () => {
    expect(resourceLevels({ cpuPercent: 90, memoryPercent: 75, diskPercent: 80 }, thresholds)).toEqual({
      cpu: "ok",
      memory: "ok",
      disk: "ok",
    });
    expect(resourceLevels({ cpuPercent: 0, memoryPercent: 76, diskPercent: 85 }, thresholds)).toMatchObject({
      memory: "warning",
      disk: "warning",
    });
    expect(resourceLevels({ cpuPercent: 0, memoryPercent: 85, diskPercent: 90 }, thresholds)).toMatchObject({
      memory: "warning",
      disk: "warning",
    });
  });

  it("follows configured thresholds", () => {
    expect(
      resourceLevels(
        { cpuPercent: 60, memoryPercent: 55, diskPercent: 10 },
        { cpuWarningPercent: 50, memoryCriticalPercent: 50, diskCriticalPercent: 95 },
      ),
    ).toEqual({
      cpu: "warning",
      memory: "critical",
      disk: "ok",
    });
  });
});

describe("worstLevel", () => {
  it("is the most serious of the levels", () => {
    expect(worstLevel([])).toBe("ok");
    expect(worstLevel(["ok", "warning", "ok"])).toBe("warning");
    expect(worstLevel(["warning", "critical"])).toBe("critical");
  });
});

describe("episodeContinues", () => {
  it("keeps a high-CPU episode going while the figure wavers just below the threshold, and ends it well below", () => {
    expect(episodeContinues("cpu_high", { cpuPercent: 88, memoryPercent: 0, diskPercent: 0 }, thresholds)).toBe(true);
    expect(episodeContinues("cpu_high", { cpuPercent: 79, memoryPercent: 0, diskPercent: 0 }, thresholds)).toBe(false);
    expect(episodeContinues("disk_high", { cpuPercent: 0, memoryPercent: 0, diskPercent: 85 }, thresholds)).toBe(true);
    expect(episodeContinues("redis_down", { cpuPercent: 100, memoryPercent: 100, diskPercent: 100 }, thresholds)).toBe(
      false,
    );
  });
});
