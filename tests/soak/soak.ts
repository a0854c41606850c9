/**
 * `npm run soak -- --minutes N [--seed S] [--rate R] [--scale-every SECONDS]`: the lifecycle model of the integration
 * test (tests/model), run for N minutes on a Myzel of its own while a load cluster takes R
 * tasks/s and changes size now and then. Each failure is shrunk (bounded) and printed with its
 * seed; the model then goes on with the next seed. At the end: tasks accepted, finished, lost
 * and stuck; false heals (healing for what the model did not break); the server's memory drift.
 *
 * The server runs in a process of its own (server-process.ts), so its figures are its own: RSS
 * and the heap that stays live after a full collection, measured once a minute. With
 * `--heap-snapshots DIR` it also writes heap snapshots at the start, after a minute and at the
 * end (compare two with `node tests/soak/heap-diff.mjs DIR/warm.heapsnapshot DIR/end.heapsnapshot`);
 * writing one inflates RSS from then on, so RSS figures come from runs without.
 */

import { fork } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import type { TaskDto } from "../../src/schemas/task-api";
import { MODEL_AGENT_SETTINGS } from "../model/agent-settings";
import { Api, FINISHED } from "../model/api";
import { System } from "../model/real";
import { failureSignature, formatFailure, type ModelFailure, runLifecycleModel } from "../model/run";
import type { FromServer, ServerFigures, ToServer } from "./server-process";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    seed: { type: "string" },
    rate: { type: "string", default: "20" },
    commands: { type: "string", default: "14" },
    "shrink-minutes": { type: "string", default: "5" },
    "scale-every": { type: "string", default: "20" },
    "heap-snapshots": { type: "string" },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const baseSeed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

const agentSettings = MODEL_AGENT_SETTINGS;
const LOAD_BLUEPRINT = `metadata: { id: soak-load, name: Soak load, version: 1.0.0 }
cluster: { type: persistent, min_workers: 2, max_workers: 7, routing: least-busy }
agents:
  - { role: supervisor, name: Boss }
  - role: worker
    name: Worker
    count: 1-6
    reports_to: supervisor
    concurrency: 4
    runtime: { type: builtin, behaviour: sleep, sleep_ms: 50, fail_probability: 0.02 }
`;

log(
  `seed ${baseSeed}, ${minutes} min, ${rate} tasks/s of background load (replay: npm run soak -- --minutes ${minutes} --seed ${baseSeed} --rate ${rate})`,
);
const serverEnv = {
  ...agentSettings,
  MYZEL_HOST: "127.0.0.1",
  MYZEL_METRICS_INTERVAL_MS: "500",
  MYZEL_INFRA_SAMPLE_INTERVAL_MS: "3600000",
  // The model decides every size and sleep; the scaler and idle hibernation would move clusters under it.
  MYZEL_AUTO_SCALE_ENABLED: "false",
  MYZEL_HIBERNATION_ENABLED: "false",
  MYZEL_MAX_CLUSTERS: "1000",
};
const root = path.resolve(import.meta.dirname, "../..");
const serverProcess = fork(path.join(import.meta.dirname, "server-process.ts"), [JSON.stringify(serverEnv)], {
  cwd: root,
  execArgv: ["--import", "tsx", "--expose-gc"],
});
/** Sends `request` (if any) and waits for the server's next message of `type`. */
const fromServer = async <T extends FromServer["type"]>(
  type: T,
  request?: ToServer,
): Promise<Extract<FromServer, { type: T }>> => {
  const answer = new Promise<Extract<FromServer, { type: T }>>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the soak server exited (${code})`));
    const onMessage = (message: FromServer) => {
      if (message.type !== type) return;
      serverProcess.off("message", onMessage);
      serverProcess.off("exit", onExit);
      resolve(message as Extract<FromServer, { type: T }>);
    };
    serverProcess.on("message", onMessage);
    serverProcess.once("exit", onExit);
  });
  if (request) serverProcess.send(request);
  return answer;
};
const started = await fromServer("ready");
const system = new System({
  url: started.url,
  token: started.token,
  databaseUrl: started.databaseUrl,
  redisUrl: started.redisUrl,
  root,
  runnerEnv: agentSettings,
});
await system.start();

// ---- background load: one cluster of its own, R tasks/s, a new size every --scale-every s (its own client, so
// its answers are reported apart from the model's)
const loadApi = new Api(system.target);
const scaleAnswers = new Map<number, number>();
await system.api.call("POST", "/api/blueprints", { yaml: LOAD_BLUEPRINT });
const load = await system.api.call<{ id: string }>("POST", "/api/clusters", {
  blueprintId: "soak-load",
  name: `soak-load-${process.pid}`,
  targetWorkers: 4,
});
if (load.status !== 200) throw new Error(`load cluster: ${load.status} ${JSON.stringify(load.body)}`);
await system.api.waitCluster(load.body.id, "ACTIVE", 60_000);
const loadTasks: string[] = [];
let loadRefused = 0;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const measure = async (): Promise<ServerFigures> => (await fromServer("measured", { type: "measure" })).figures;
const describeFigures = (f: ServerFigures) =>
  `RSS ${mb(f.rss)}, heap after GC ${mb(f.heapUsed)} (of ${mb(f.heapTotal)}), external ${mb(f.external)}; holds ${Object.entries(
    f.held,
  )
    .map(([what, n]) => `${what} ${n}`)
    .join(", ")}`;
const snapshot = async (name: string) => {
  if (!values["heap-snapshots"]) return;
  const written = await fromServer("snapshotted", {
    type: "snapshot",
    path: path.resolve(values["heap-snapshots"], `${name}.heapsnapshot`),
  });
  log(`heap snapshot: ${written.path}`);
};
// Measured before any snapshot: writing one leaves the allocator holding memory it does not return.
const figuresStart = await measure();
const driverRssStart = process.memoryUsage().rss;
log(`server: ${describeFigures(figuresStart)}`);
await snapshot("start");
// Once a minute; the first minute's snapshot ("warm") leaves out what start-up still adds (compiled code, source maps).
let minute = 0;
const measuring = setInterval(() => {
  minute++;
  void measure()
    .then((f) => log(`server: ${describeFigures(f)}`))
    .then(() => (minute === 1 ? snapshot("warm") : undefined))
    .catch(() => {});
}, 60_000);
const endsAt = Date.now() + minutes * 60_000;
let loading = true;
const loadLoop = (async () => {
  let owed = 0;
  let lastScale = Date.now();
  while (loading) {
    owed += rate / 5;
    const n = Math.floor(owed);
    owed -= n;
    if (n > 0) {
      const reply = await loadApi
        .call<{ taskIds: string[] }>("POST", `/api/clusters/${load.body.id}/tasks/batch`, {
          tasks: Array.from({ length: n }, (_, i) => ({ payload: { prompt: `load ${i}` } })),
        })
        .catch(() => null);
      if (reply?.status === 200) loadTasks.push(...reply.body.taskIds);
      else loadRefused += n;
    }
    if (Date.now() - lastScale > Number(values["scale-every"]) * 1000) {
      lastScale = Date.now();
      const scaled = await loadApi
        .call("POST", `/api/clusters/${load.body.id}/scale`, { targetWorkers: 2 + Math.floor(Math.random() * 6) })
        .catch(() => null);
      if (scaled) scaleAnswers.set(scaled.status, (scaleAnswers.get(scaled.status) ?? 0) + 1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
})();

// ---- the model, seed after seed, until the time is up
const failures: ModelFailure[] = [];
let seed = baseSeed;
while (Date.now() < endsAt) {
  const result = await runLifecycleModel(system, {
    seed,
    numRuns: 10_000,
    maxCommands: Number(values.commands),
    shrinkBudgetMs: Number(values["shrink-minutes"]) * 60_000,
    stopStartingAt: endsAt,
    log,
  });
  if (result.failure) {
    failures.push(result.failure);
    log(formatFailure(result.failure));
  }
  seed++;
}
loading = false;
await loadLoop;
clearInterval(measuring);
// Measured where the load stops, before the ledger's long wait: the same minutes as the run.
const figuresEnd = await measure();
const driverRssEnd = process.memoryUsage().rss;
await snapshot("end");

// ---- the ledger: every accepted task must end, with a reason unless it succeeded
const ledger = [...loadTasks, ...system.allTasks.map((t) => t.id)];
const counts = { accepted: ledger.length, finished: 0, succeeded: 0, failed: 0, cancelled: 0, lost: 0, stuck: 0 };
const stuck: string[] = [];
const lost: string[] = [];
const deadline = Date.now() + 120_000;
const queue = [...ledger];
await Promise.all(
  Array.from({ length: 16 }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      const reply = await system.api.call<TaskDto>(
        "GET",
        `/api/tasks/${id}/wait?timeoutMs=${Math.max(0, Math.min(60_000, deadline - Date.now()))}`,
      );
      if (reply.status !== 200) {
        counts.lost++;
        lost.push(`${id}: ${reply.status}`);
      } else if (!FINISHED.includes(reply.body.status)) {
        counts.stuck++;
        stuck.push(`${id}: ${reply.body.status}`);
      } else if (reply.body.status !== "SUCCEEDED" && !reply.body.error?.trim()) {
        counts.lost++;
        lost.push(`${id}: ${reply.body.status} without a reason`);
      } else {
        counts.finished++;
        counts[reply.body.status.toLowerCase() as "succeeded" | "failed" | "cancelled"]++;
      }
    }
  }),
);

// ---- false heals: healing entries for agents, nodes or clusters the model did not break
const healing = system.events.healing;
const expected = (h: (typeof healing)[number]) =>
  (h.agentId && system.broken.agents.has(h.agentId)) ||
  [...system.broken.nodes].some((n) => h.subject.includes(n)) ||
  h.kind === "circuit_closed";
const falseHeals = healing.filter((h) => !expected(h));
const drift = (key: "rss" | "heapUsed" | "external") =>
  `${mb(figuresStart[key])} → ${mb(figuresEnd[key])} (${(((figuresEnd[key] - figuresStart[key]) / figuresStart[key]) * 100).toFixed(1)} %)`;

console.log("\n==== soak report");
console.log(
  `seed ${baseSeed} (last ${seed - 1}), ${minutes} min, ${rate} tasks/s: ${system.totals.runs} model runs, ${system.totals.steps} steps, ${system.api.calls} API calls, ${system.api.serverErrors.length} answers ≥ 500`,
);
console.log(
  `load: scale answers ${[...scaleAnswers].map(([status, n]) => `${status}×${n}`).join(", ")}; ${loadApi.serverErrors.length} answers ≥ 500${loadApi.serverErrors.length ? `, first: ${loadApi.serverErrors[0]}` : ""}`,
);
console.log(
  `tasks: accepted ${counts.accepted} (load ${loadTasks.length}, model ${system.allTasks.length}; ${loadRefused} load tasks refused), finished ${counts.finished} (succeeded ${counts.succeeded}, failed ${counts.failed}, cancelled ${counts.cancelled}), lost ${counts.lost}, stuck ${counts.stuck}`,
);
for (const line of [...lost, ...stuck].slice(0, 20)) console.log(`  ${line}`);
console.log(`healing entries ${healing.length}, false heals ${falseHeals.length}${falseHeals.length ? ":" : ""}`);
for (const h of falseHeals.slice(0, 20))
  console.log(
    `  ${h.at} ${h.kind} ${h.subject} (${h.clusterId === load.body.id ? "load cluster" : (h.clusterId ?? "infrastructure")}): ${h.detail}`,
  );
console.log(
  `server memory (its own process): RSS ${drift("rss")}; heap after GC ${drift("heapUsed")}; external ${drift("external")}`,
);
console.log(`server at the end: ${describeFigures(figuresEnd)}`);
console.log(
  `the soak driver itself (its ledger, event log, model runs): RSS ${mb(driverRssStart)} → ${mb(driverRssEnd)}`,
);
// The same bug fails many seeds: group failures by what broke, and show the shortest sequence of each.
const signature = (f: ModelFailure) => failureSignature(f.message);
const groups = new Map<string, ModelFailure[]>();
for (const f of failures) groups.set(signature(f), [...(groups.get(signature(f)) ?? []), f]);
console.log(`failures: ${failures.length} over ${seed - baseSeed} seeds, ${groups.size} distinct`);
for (const [, group] of groups) {
  const shortest = group.reduce((a, b) => (b.sequence.length < a.sequence.length ? b : a));
  console.log(
    `\n${group.length}× (seeds ${group
      .map((f) => f.seed)
      .slice(0, 10)
      .join(", ")}${group.length > 10 ? ", …" : ""}); shortest:\n${formatFailure(shortest)}`,
  );
}

system.stop();
await fromServer("stopped", { type: "stop" });
process.exit(failures.length || counts.lost || counts.stuck ? 1 : 0);
