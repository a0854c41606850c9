/**
 * `myzel drill`: a chaos drill against a running Myzel, with progress and its report. Exit 0
 * when no task was lost (the drill passed), 1 otherwise.
 */
import type { Command } from "commander";
import type { Drill } from "../../schemas/drill-api";
import { act, wholeNumber } from "../command-kit";
import { type CliContext, CliFailure } from "../context";
import { EXIT } from "../exit-codes";
import { paintStatus } from "../output";
import { clusterIdOf } from "../waiting";

interface DrillOptions {
  cluster?: string;
  tasks?: number;
  duration?: number;
  agentKills?: number;
  agentHangs?: number;
  runnerKills?: number;
  workers?: number;
  taskSleepMs?: number;
  settle?: number;
  redis: boolean;
}

const FINISHED = ["passed", "failed", "error"];
const POLL_MS = 2000;

export function drillCommand(program: Command): void {
  program
    .command("drill")
    .description("run a chaos drill (kills agents and runners, restarts Redis) and print its report")
    .option("--cluster <cluster>", "against this cluster instead of one the drill makes")
    .option("--tasks <n>", "tasks to submit", wholeNumber)
    .option("--duration <seconds>", "how long faults are injected", wholeNumber)
    .option("--agent-kills <n>", "agent processes killed with SIGKILL", wholeNumber)
    .option("--agent-hangs <n>", "agent processes stopped with SIGSTOP", wholeNumber)
    .option("--runner-kills <n>", "runner processes killed (drill clusters only)", wholeNumber)
    .option("--workers <n>", "agents of the drill's cluster", wholeNumber)
    .option("--task-sleep-ms <ms>", "how long each task works", wholeNumber)
    .option("--settle <seconds>", "time after the faults for everything to finish", wholeNumber)
    .option("--no-redis", "do not restart Redis")
    .action(
      act<DrillOptions>(async (ctx, options) => {
        let drill = await ctx.client.drills.start.mutate({
          clusterId: options.cluster ? await clusterIdOf(ctx, options.cluster) : undefined,
          tasks: options.tasks,
          durationSeconds: options.duration,
          agentKills: options.agentKills,
          agentHangs: options.agentHangs,
          runnerKills: options.runnerKills,
          workers: options.workers,
          taskSleepMs: options.taskSleepMs,
          settleSeconds: options.settle,
          redisRestart: options.redis,
        });
        ctx.note(`Chaos drill ${drill.id} started.`);
        let shown = 0;
        // The server may die mid-drill; do not wait for it forever.
        const deadline = Date.now() + (drill.options.durationSeconds + drill.options.settleSeconds + 300) * 1000;
        while (!FINISHED.includes(drill.status)) {
          if (Date.now() > deadline)
            throw new CliFailure(
              `no report by the time the drill should have ended; see GET /api/drills/${drill.id}`,
              EXIT.timeout,
            );
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          // The server may be restarting Redis right now: try again at the next tick.
          drill = await ctx.client.drills.get.query({ id: drill.id }).catch(() => drill);
          for (const step of drill.injected.slice(shown))
            ctx.note(`  ${step.at.slice(11, 23)}  ${step.kind.padEnd(13)} ${step.target}: ${step.detail}`);
          shown = drill.injected.length;
          const t = drill.tasks;
          ctx.note(
            `  [${drill.status}] submitted ${t.submitted}, completed ${t.completed}, failed ${t.failed}, unfinished ${t.unfinished}`,
          );
        }
        ctx.print(drill, (d) => report(ctx, d));
        return drill.status === "passed" ? EXIT.ok : EXIT.failed;
      }),
    );
}

function report(ctx: CliContext, drill: Drill): string {
  const t = drill.tasks;
  const ms = (v: number | null) => (v === null ? "-" : `${v} ms`);
  const lines = [
    `Chaos drill ${drill.id}: ${paintStatus(drill.status, ctx.colors)}${drill.error ? ` (${drill.error})` : ""}`,
    `  tasks      submitted ${t.submitted}, accepted ${t.accepted}, refused ${t.refused}`,
    `             completed ${t.completed}, failed ${t.failed}, cancelled ${t.cancelled}, lost ${t.lost}, run twice ${t.duplicated}`,
  ];
  for (const [name, timing] of Object.entries(drill.recovery))
    lines.push(
      `  ${name.padEnd(16)} n=${timing.count}  median ${ms(timing.medianMs)}  p95 ${ms(timing.p95Ms)}  max ${ms(timing.maxMs)}`,
    );
  return lines.join("\n");
}
