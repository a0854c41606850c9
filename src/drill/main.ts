/**
 * `npm run drill`: runs a chaos drill against a running Myzel and prints its report.
 *
 *   npm run drill -- --tasks 10000 --agent-kills 100 --runner-kills 2
 *   npm run drill -- --cluster <id> --no-redis
 *
 * MYZEL_URL (default http://127.0.0.1:3000) and MYZEL_TOKEN say where and as whom. The exit code
 * is 0 when no task was lost, 1 otherwise, 2 for bad arguments.
 */
import { parseArgs } from "node:util";
import { createMyzelClient, issuesOf } from "../client";
import type { Drill } from "../schemas/drill-api";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.MYZEL_URL ?? "http://127.0.0.1:3000" },
    cluster: { type: "string" },
    tasks: { type: "string" },
    duration: { type: "string" },
    "agent-kills": { type: "string" },
    "agent-hangs": { type: "string" },
    "runner-kills": { type: "string" },
    workers: { type: "string" },
    "task-sleep-ms": { type: "string" },
    settle: { type: "string" },
    "no-redis": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "npm run drill -- [--url URL] [--cluster ID] [--tasks N] [--duration SECONDS] [--agent-kills N] [--agent-hangs N] [--runner-kills N] [--workers N] [--task-sleep-ms MS] [--settle SECONDS] [--no-redis]",
  );
  process.exit(0);
}

function number(name: keyof typeof values): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^\d+$/.test(raw)) {
    console.error(`--${name}: expected a whole number, got "${raw}"`);
    process.exit(2);
  }
  return Number(raw);
}
const myzel = createMyzelClient({ url: values.url!, token: process.env.MYZEL_TOKEN });

async function main() {
  let drill: Drill;
  try {
    drill = await myzel.drills.start.mutate({
      clusterId: values.cluster,
      tasks: number("tasks"),
      durationSeconds: number("duration"),
      agentKills: number("agent-kills"),
      agentHangs: number("agent-hangs"),
      runnerKills: number("runner-kills"),
      workers: number("workers"),
      taskSleepMs: number("task-sleep-ms"),
      settleSeconds: number("settle"),
      redisRestart: !values["no-redis"],
    });
  } catch (error) {
    const issues = issuesOf(error);
    const message = (error as Error).message;
    console.error(`The drill was not started${issues.length ? ":" : `: ${message}`}`);
    for (const issue of issues) console.error(`  --${kebab(issue.path)}: ${issue.message}`);
    if (/sign in|token/i.test(message))
      console.error("  Set MYZEL_TOKEN to an admin's API token (created in the dashboard under Tokens).");
    process.exit(issues.length ? 2 : 1);
  }
  console.log(`Chaos drill ${drill.id} started.`);
  let shown = 0;
  // The server may die mid-drill; do not wait for it forever.
  const deadline = Date.now() + (drill.options.durationSeconds + drill.options.settleSeconds + 300) * 1000;
  while (!["passed", "failed", "error"].includes(drill.status)) {
    if (Date.now() > deadline) {
      console.error(
        `No report from the server by the time the drill should have ended; see GET /api/drills/${drill.id}.`,
      );
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // The server may be restarting Redis right now: try again at the next tick.
    drill = await myzel.drills.get.query({ id: drill.id }).catch(() => drill);
    for (const step of drill.injected.slice(shown))
      console.log(`  ${step.at.slice(11, 23)}  ${step.kind.padEnd(13)} ${step.target}: ${step.detail}`);
    shown = drill.injected.length;
    const t = drill.tasks;
    console.log(
      `  [${drill.status}] submitted ${t.submitted}, completed ${t.completed}, failed ${t.failed}, unfinished ${t.unfinished}`,
    );
  }
  printReport(drill);
  process.exit(drill.status === "passed" ? 0 : 1);
}

/** The option a field came from: durationSeconds → duration, agentKills → agent-kills. */
function kebab(field: string): string {
  const names: Record<string, string> = {
    durationSeconds: "duration",
    settleSeconds: "settle",
    clusterId: "cluster",
    redisRestart: "no-redis",
  };
  return names[field] ?? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function printReport(drill: Drill) {
  const t = drill.tasks;
  const ms = (v: number | null) => (v === null ? "-" : `${v} ms`);
  console.log(`\nChaos drill ${drill.id}: ${drill.status.toUpperCase()}${drill.error ? ` (${drill.error})` : ""}`);
  console.log(`  tasks      submitted ${t.submitted}, accepted ${t.accepted}, refused ${t.refused}`);
  console.log(
    `             completed ${t.completed}, failed ${t.failed}, cancelled ${t.cancelled}, lost ${t.lost}, run twice ${t.duplicated}`,
  );
  for (const [name, timing] of Object.entries(drill.recovery)) {
    console.log(
      `  ${name.padEnd(16)} n=${timing.count}  median ${ms(timing.medianMs)}  p95 ${ms(timing.p95Ms)}  max ${ms(timing.maxMs)}`,
    );
  }
}

main().catch((error) => {
  console.error("The drill failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
