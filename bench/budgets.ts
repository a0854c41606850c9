/**
 * A hard budget under a crowd: 20 agents on 2 runners (the server's and one more process) call
 * a fake OpenAI-compatible provider that takes a moment to answer, until a cluster's daily hard
 * limit of about ten calls' cost stops them. Prints how many calls were made, what they cost
 * against the limit, and the overspend in calls (the goal: at most one call's cost).
 *
 *   npx tsx bench/budgets.ts [tasks=200] [answer ms=300]
 */
import { setTimeout as pause } from "node:timers/promises";
import { estimateTokens } from "../src/domain/providers/provider-calls";
import { startFakeLlm } from "../tests/integration/fake-llm";
import { startBenchServer, startSecondRunner, until } from "./harness";

const taskCount = Number(process.argv[2] ?? 200);
const answerMs = Number(process.argv[3] ?? 300);
const ANSWER_TOKENS = 200;
const PRICE = { inputPerMillion: 3, outputPerMillion: 15 };

// A provider that counts the prompt about as the limiter estimates it, and answers after a while.
const charged: number[] = [];
const llm = await startFakeLlm(() => ({ content: "ok", hold: pause(answerMs) }), {
  usage: ({ body }) => {
    const prompt = estimateTokens(body.messages, ANSWER_TOKENS).prompt;
    charged.push((prompt * PRICE.inputPerMillion + ANSWER_TOKENS * PRICE.outputPerMillion) / 1_000_000);
    return { prompt, completion: ANSWER_TOKENS };
  },
});
const bench = await startBenchServer("budgets");
const { client, server } = bench;
const runner = startSecondRunner(server);

try {
  await until(async () => (await client.nodes.list.query({})).filter((n) => n.state === "ready").length >= 2, 60_000);
  await client.providers.putPrice.mutate({ model: "bench-model", ...PRICE });
  await client.providers.put.mutate({ name: "bench-provider", baseUrl: llm.url });
  await client.blueprints.upload.mutate({
    yaml: `metadata: { id: bench-budgets, name: Bench budgets, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 100, routing: least-busy }
agents:
  - { role: supervisor, name: Boss }
  - role: worker
    name: Worker
    count: 20
    reports_to: supervisor
    placement: { spread: true }
    runtime: { type: llm, provider: bench-provider, model: bench-model, max_tokens: ${ANSWER_TOKENS} }
`,
  });
  const cluster = await client.clusters.create.mutate({
    blueprintId: "bench-budgets",
    name: "budgets",
    targetWorkers: 21,
  });
  await until(
    async () =>
      (await client.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 30_000 })).status === "ACTIVE",
    180_000,
  );
  const perCall = (20 * PRICE.inputPerMillion + ANSWER_TOKENS * PRICE.outputPerMillion) / 1_000_000;
  const hard = Number((10 * perCall).toFixed(6));
  await client.budgets.put.mutate({ scope: cluster.id, period: "day", softUsd: null, hardUsd: hard });

  const started = Date.now();
  const { taskIds } = await client.tasks.submitMany.mutate({
    id: cluster.id,
    tasks: Array.from({ length: taskCount }, (_, i) => ({ role: "worker", payload: { prompt: `task ${i}` } })),
  });
  // Stopped: the hold is on, no call is under way, and it stays so for two seconds.
  await until(async () => (await client.budgets.list.query({ clusterId: cluster.id })).cluster?.held === true, 120_000);
  let quiet = 0;
  while (quiet < 4) {
    quiet = llm.figures.inFlight === 0 ? quiet + 1 : 0;
    await pause(500);
  }
  const spent = charged.reduce((sum, usd) => sum + usd, 0);
  const biggest = Math.max(...charged);
  const open = await client.tasks.list.query({ clusterId: cluster.id, status: "SUCCEEDED", limit: 1 });
  console.log(
    `${taskCount} tasks, 20 agents on 2 runners, answers after ${answerMs} ms, hard limit $${hard.toFixed(4)} (about 10 calls)`,
  );
  console.log(
    `  calls made: ${llm.figures.accepted} (most at once: ${llm.figures.maxInFlight}), cost $${spent.toFixed(4)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `  overspend: $${Math.max(0, spent - hard).toFixed(4)} = ${(Math.max(0, spent - hard) / biggest).toFixed(2)} calls (goal ≤ 1 call); tasks left waiting: ${taskIds.length - llm.figures.accepted}${open.items.length ? "" : " (none succeeded?)"}`,
  );
} finally {
  runner.stop();
  await bench.stop();
  await llm.close();
}
