/** What a chaos drill reports: its state as it starts, and the healing-history entry it ends with. */
import type { HealingLog } from "../../core/logs/healing-log";
import { summarizeTimings } from "../../domain/stats/percentiles";
import type { Logger } from "../../infra/logger";
import type { Drill, DrillStartInput } from "../../schemas/drill-api";

export function newDrillState(id: string, options: DrillStartInput, actor: string): Drill {
  return {
    id,
    status: "preparing",
    startedAt: new Date().toISOString(),
    finishedAt: null,
    actor,
    clusterId: options.clusterId ?? null,
    options,
    tasks: {
      submitted: 0,
      accepted: 0,
      refused: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
      unfinished: 0,
      lost: 0,
      duplicated: 0,
    },
    injected: [],
    recovery: {
      agentRestart: summarizeTimings([]),
      hungDetection: summarizeTimings([]),
      runnerRecovery: summarizeTimings([]),
      redisRecovery: summarizeTimings([]),
    },
    error: null,
  };
}

/** The drill's one entry in the healing history: what was done to the cluster and how it coped. */
export async function recordDrill(healingLog: HealingLog, log: Logger, state: Drill, durationMs: number) {
  const { tasks, recovery, status } = state;
  const ms = (value: number | null) => (value === null ? "-" : `${value} ms`);
  await healingLog
    .record({
      kind: "chaos_drill",
      severity: status === "passed" ? "info" : "critical",
      subject: "chaos drill",
      clusterId: state.clusterId,
      actor: state.actor,
      detail:
        status === "error"
          ? `the drill could not run: ${state.error}`
          : `${tasks.submitted} tasks submitted, ${tasks.completed} completed, ${tasks.failed} failed, ${tasks.lost} lost, ${tasks.duplicated} run twice; agent restart median ${ms(recovery.agentRestart.medianMs)}, runner recovery max ${ms(recovery.runnerRecovery.maxMs)}, Redis recovery ${ms(recovery.redisRecovery.maxMs)}`,
      action: summarizeInjected(state.injected),
      outcome: status === "passed" ? "ok" : "failed",
      durationMs,
      data: { drillId: state.id },
    })
    .catch((error) => log.warn({ err: error }, "could not record the drill"));
}

function summarizeInjected(injected: Drill["injected"]): string {
  const done = injected.filter((i) => !i.detail.startsWith("skipped") && !i.detail.startsWith("failed"));
  const byKind = new Map<string, number>();
  for (const i of done) byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + 1);
  return [...byKind.entries()].map(([kind, n]) => `${n} × ${kind.replace("_", " ")}`).join(", ") || "nothing injected";
}
