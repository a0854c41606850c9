/**
 * How healthy a figure looks, by the infrastructure agent's thresholds: the colour of CPU,
 * memory and disk on the dashboard. Above a threshold is what the healer acts on; the band
 * just below it is a warning, so an operator sees trouble coming before it is healed.
 */
import type { InfraSample, InfraThresholds } from "./infra-rules";

export type HealthLevel = "ok" | "warning" | "critical";

/** Points below a critical threshold that already count as a warning. */
export const WARNING_BAND = 10;

export function resourceLevels(
  sample: Pick<InfraSample, "cpuPercent" | "memoryPercent" | "diskPercent">,
  thresholds: InfraThresholds,
) {
  return {
    // The seed knows only a CPU warning: high CPU is load, not damage.
    cpu: (sample.cpuPercent > thresholds.cpuWarningPercent ? "warning" : "ok") as HealthLevel,
    memory: criticalAbove(sample.memoryPercent, thresholds.memoryCriticalPercent),
    disk: criticalAbove(sample.diskPercent, thresholds.diskCriticalPercent),
  };
}

function criticalAbove(percent: number, critical: number): HealthLevel {
  if (percent > critical) return "critical";
  return percent > critical - WARNING_BAND ? "warning" : "ok";
}

/** The worst of several levels: what the whole system looks like. */
export function worstLevel(levels: readonly HealthLevel[]): HealthLevel {
  if (levels.includes("critical")) return "critical";
  return levels.includes("warning") ? "warning" : "ok";
}

/**
 * Whether a finding's episode goes on: its figure is still within the warning band of its
 * threshold. A figure wavering around the threshold is one episode, not one per crossing.
 */
export function episodeContinues(
  kind: string,
  sample: Pick<InfraSample, "cpuPercent" | "memoryPercent" | "diskPercent">,
  thresholds: InfraThresholds,
): boolean {
  const [value, threshold] =
    kind === "cpu_high"
      ? [sample.cpuPercent, thresholds.cpuWarningPercent]
      : kind === "memory_high"
        ? [sample.memoryPercent, thresholds.memoryCriticalPercent]
        : kind === "disk_high"
          ? [sample.diskPercent, thresholds.diskCriticalPercent]
          : [0, Infinity];
  return value > threshold - WARNING_BAND;
}
