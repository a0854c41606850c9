/**
 * The chaos drill at full size on a fresh server with the default settings: 10,000 tasks over
 * 60 s on 50 workers with 100 agent kills, a hang, 2 runner kills and a Redis restart.
 *
 *   npx tsx bench/drill.ts [tasks=10000] [agentKills=100]
 */
import { startBenchServer, until } from "./harness";

const tasks = Number(process.argv[2] ?? 10_000);
const agentKills = Number(process.argv[3] ?? 100);
const bench = await startBenchServer("drill");
try {
  const started = await bench.client.drills.start.mutate({
    tasks,
    agentKills,
    durationSeconds: 60,
    runnerKills: 2,
    agentHangs: 1,
    redisRestart: true,
    workers: 50,
  });
  let drill = started;
  await until(async () => {
    drill = await bench.client.drills.get.query({ id: started.id }).catch(() => drill);
    return ["passed", "failed", "error"].includes(drill.status);
  }, 600_000);
  const t = drill.tasks;
  console.log(
    `drill ${drill.status}: submitted ${t.submitted}, accepted ${t.accepted}, completed ${t.completed}, failed ${t.failed}, lost ${t.lost}, run twice ${t.duplicated}`,
  );
  console.log(
    `injected: ${drill.injected.filter((i) => !i.detail.startsWith("skipped")).length} of ${drill.injected.length} (${[...new Set(drill.injected.map((i) => i.kind))].join(", ")})`,
  );
  for (const [name, r] of Object.entries(drill.recovery))
    console.log(`${name}: n=${r.count} median ${r.medianMs} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms`);
  if (drill.error) console.log(`error: ${drill.error}`);
} finally {
  await bench.stop();
}
