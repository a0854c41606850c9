/**
 * Provider limits across the fleet: a fake OpenAI-compatible provider that allows 60 requests
 * and 20,000 tokens per minute and answers 429 beyond; 20 agents on 2 runners (the server's and
 * one more process) all calling it through one provider. Prints how many tasks succeeded, the
 * share of calls answered 429, and the throughput against the limit: over the whole run, and
 * sustained (after the limiter's opening burst of ten seconds' worth).
 *
 *   npx tsx bench/providers.ts [tasks=120]
 *
 * The issue's goal names 500 tasks: at 60 a minute that run takes about 8.5 minutes; pass 500 to run it.
 */
import { startFakeLlm } from "../tests/integration/fake-llm";
import { startBenchServer, startSecondRunner, until } from "./harness";

const taskCount = Number(process.argv[2] ?? 120);
const LIMITS = { requestsPerMinute: 60, tokensPerMinute: 20_000 };
const ANSWER_TOKENS = 80;

// Usage as a provider counts it: the prompt's text at about four characters a token, and the answer.
const llm = await startFakeLlm(() => ({ content: "x".repeat(ANSWER_TOKENS * 4) }), {
  limits: LIMITS,
  usage: ({ body }) => ({
    prompt: Math.ceil(body.messages.reduce((n, m) => n + m.content.length, 0) / 4),
    completion: ANSWER_TOKENS,
  }),
});
const bench = await startBenchServer("providers");
const { client, server } = bench;
const runner = startSecondRunner(server);

try {
  await until(async () => (await client.nodes.list.query({})).filter((n) => n.state === "ready").length >= 2, 60_000);
  await client.providers.put.mutate({
    name: "bench-provider",
    baseUrl: llm.url,
    limits: { ...LIMITS, concurrentRequests: null },
  });
  await client.blueprints.upload.mutate({
    yaml: `metadata: { id: bench-providers, name: Bench providers, version: 1.0.0 }
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
    blueprintId: "bench-providers",
    name: "providers",
    targetWorkers: 21,
  });
  await until(
    async () =>
      (await client.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 30_000 })).status === "ACTIVE",
    180_000,
  );
  const workers = (await client.agents.list.query({ id: cluster.id })).filter((a) => a.role === "worker");
  const perNode = new Map<string, number>();
  for (const w of workers) perNode.set(w.nodeId ?? "none", (perNode.get(w.nodeId ?? "none") ?? 0) + 1);

  const prompt = (i: number) => `Task ${i}: summarise the following notes. ${"lorem ipsum dolor sit amet ".repeat(30)}`;
  const started = Date.now();
  const { taskIds } = await client.tasks.submitMany.mutate({
    id: cluster.id,
    tasks: Array.from({ length: taskCount }, (_, i) => ({
      role: "worker",
      payload: { prompt: prompt(i) },
      timeoutMs: 900_000,
    })),
  });
  const tasks = await Promise.all(
    taskIds.map((id) =>
      client.tasks.wait.query({ id, timeoutMs: 60_000 }).then(async function again(t): Promise<typeof t> {
        return t.timedOut ? client.tasks.wait.query({ id, timeoutMs: 60_000 }).then(again) : t;
      }),
    ),
  );
  const elapsedMin = (Date.now() - started) / 60_000;
  const succeeded = tasks.filter((t) => t.status === "SUCCEEDED").length;
  const { accepted, rejected, tokens, acceptedAt } = llm.figures;
  const calls = accepted + rejected;
  const burst = Math.floor(LIMITS.requestsPerMinute / 6);
  const sorted = [...acceptedAt].sort((a, b) => a - b);
  const sustainedSpanMin = (sorted.at(-1)! - sorted[burst - 1]!) / 60_000;
  const sustained = (sorted.length - burst) / sustainedSpanMin;
  const overall = accepted / elapsedMin;
  const usage = (await client.providers.get.query({ name: "bench-provider" })).usage;
  console.log(
    `${taskCount} tasks, 20 agents on ${perNode.size} runners (${[...perNode.values()].join(" + ")}), provider limits ${LIMITS.requestsPerMinute} req/min and ${LIMITS.tokensPerMinute} tokens/min`,
  );
  console.log(`  succeeded: ${succeeded}/${taskCount} in ${elapsedMin.toFixed(2)} min`);
  console.log(
    `  calls: ${calls}, answered 429: ${rejected} (${((rejected / calls) * 100).toFixed(2)} %, goal ≤ 1 %); waited their turn in the limiter: ${usage?.throttled ?? "?"}`,
  );
  console.log(
    `  throughput: sustained ${sustained.toFixed(1)} req/min (${((sustained / LIMITS.requestsPerMinute - 1) * 100).toFixed(1)} % against the limit, goal within 10 %), whole run ${overall.toFixed(1)} req/min including the opening burst of ${burst}`,
  );
  const perCall = tokens / Math.max(1, accepted);
  console.log(
    `  tokens: ${tokens} used, ${perCall.toFixed(0)} a call: sustained ≈ ${(perCall * sustained).toFixed(0)} tokens/min, whole run ${(tokens / elapsedMin).toFixed(0)} tokens/min including the opening burst (limit ${LIMITS.tokensPerMinute}; requests are the binding limit here)`,
  );
} finally {
  runner.stop();
  await bench.stop();
  await llm.close();
}
