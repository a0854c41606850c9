/**
 * Cost of one routing decision over 1,000 eligible agents, per strategy: each of 100,000
 * decisions timed on its own with process.hrtime.bigint() after a warm-up, reported as
 * p50 / p99 / max. Goal: p99 < 20 µs per decision.
 *
 *   npx tsx bench/routing.ts [agents] [decisions]
 *
 * Sticky draws its session key from a pool of 10,000 and keeps membership unchanged, so the
 * cached ring is used; one more line changes membership on every decision (ring rebuilt each
 * time) to show what a join or leave costs. The timer's own overhead is printed as a baseline.
 */
import { createRouter } from "../src/domain/routing/create-router";
import type { RoutableAgent, Router, RoutingStrategy } from "../src/domain/routing/types";

const agentCount = Number(process.argv[2] ?? 1000);
const decisions = Number(process.argv[3] ?? 100_000);
const warmUp = 20_000;
const goalMicros = 20;
const rebuildDecisions = 200;

const agents: RoutableAgent[] = Array.from({ length: agentCount }, () => ({
  id: crypto.randomUUID(),
  load: Math.floor(Math.random() * 20),
  concurrency: 1 + Math.floor(Math.random() * 4),
  weight: 1 + Math.floor(Math.random() * 5),
}));
const sessionPool = Array.from({ length: 10_000 }, () => crypto.randomUUID());
const randomSession = () => sessionPool[Math.floor(Math.random() * sessionPool.length)]!;

/** Times `count` calls of `decide` one by one; returns nanoseconds, sorted. */
function timeEach(count: number, prepare: (i: number) => void, decide: () => unknown): Float64Array {
  const samples = new Float64Array(count);
  let sink = 0;
  for (let i = 0; i < count; i++) {
    prepare(i);
    const start = process.hrtime.bigint();
    const picked = decide();
    samples[i] = Number(process.hrtime.bigint() - start);
    if (picked !== undefined) sink++;
  }
  if (sink > count) throw new Error("unreachable: keeps the result alive");
  return samples.sort();
}

function report(label: string, samples: Float64Array, withGoal = true): void {
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]! / 1000;
  const p99 = at(0.99);
  const verdict = withGoal ? (p99 < goalMicros ? "  ok" : `  MISSES p99 < ${goalMicros} µs`) : "";
  console.log(
    `${label.padEnd(36)} p50 ${at(0.5).toFixed(2).padStart(9)} µs   p99 ${p99.toFixed(2).padStart(9)} µs   max ${(samples[samples.length - 1]! / 1000).toFixed(2).padStart(9)} µs   (n=${samples.length})${verdict}`,
  );
}

function bench(strategy: RoutingStrategy): void {
  const router: Router = createRouter(strategy);
  let sessionKey: string | undefined;
  const prepare = () => {
    sessionKey = strategy === "sticky" ? randomSession() : undefined;
  };
  const decide = () => router.pick(agents, { sessionKey }, Math.random);
  timeEach(warmUp, prepare, decide);
  report(strategy, timeEach(decisions, prepare, decide));
}

console.log(
  `routing: ${agentCount} agents, ${decisions} timed decisions per strategy after ${warmUp} warm-up; goal p99 < ${goalMicros} µs`,
);
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
report(
  "(timer overhead, empty decision)",
  timeEach(
    decisions,
    () => {},
    () => undefined,
  ),
  false,
);
for (const strategy of ["round-robin", "least-busy", "sticky", "weighted"] as const) bench(strategy);

// Honesty line: every decision sees another membership (one agent left or back), so the ring
// of agentCount × 160 points is rebuilt each time. Fewer decisions, as each takes milliseconds.
{
  const router = createRouter("sticky");
  const lists = [agents, agents.slice(1)];
  let list = agents;
  const prepare = (i: number) => {
    list = lists[i % 2]!;
  };
  const decide = () => router.pick(list, { sessionKey: randomSession() }, Math.random);
  timeEach(20, prepare, decide);
  report("sticky, ring rebuilt every decision", timeEach(rebuildDecisions, prepare, decide), false);
}
console.log(`(the rebuild line is a membership change on every decision, not the steady state; no goal applies)`);
