/**
 * The dashboard's side of "live": how long from an event happening to it being in the
 * browser's DOM, and whether the page stays smooth under a stream of events.
 *
 * A real Myzel with the dashboard (production build: run `bash scripts/ensure-deps.sh --build`
 * first) and Debian's Chromium through Playwright. The bench listens on the event channel
 * itself: an event's time is when it was published; the page writes down, with a
 * MutationObserver, when the row it concerns changed. Both read the same system clock.
 *
 *   npx tsx bench/dashboard-latency.ts [kills=20] [tasks=40]
 *
 * 1. agent status change: agents killed with SIGKILL, one at a time; each of their status
 *    events (failed, starting, idle) → that agent's row showing the status.
 * 2. task completed: tasks of 300 ms sent one by one; each `tasks.finished` → the task's row
 *    in "Recent tasks" showing "Succeeded".
 * 3. smoothness: a cluster of 100 agents on screen while 50 tasks a second are submitted
 *    (one by one, so 50 `tasks.submitted` events a second, plus their `tasks.finished`):
 *    frames per second, the longest frame, and the time the main thread was blocked by long tasks.
 */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { startMyzel } from "../src/boot/start-myzel";
import { createMyzelClient } from "../src/client";
import { loadSettings } from "../src/env";
import { followEvents } from "../src/infra/events";
import { createLogger } from "../src/infra/logger";
import type { MyzelEvent } from "../src/schemas/events";
import { createToken } from "../src/services/api-tokens";
import { median, percentile, poolBlueprint } from "./harness";

const kills = Number(process.argv[2] ?? 20);
const taskCount = Number(process.argv[3] ?? 40);
const epochNow = () => performance.timeOrigin + performance.now();

const dataDir = path.join(os.tmpdir(), "myzel-bench-dashboard");
rmSync(dataDir, { recursive: true, force: true });
const settings = loadSettings({
  ...process.env,
  MYZEL_DATA_DIR: dataDir,
  MYZEL_PORT: "0",
  NODE_ENV: "production",
  MYZEL_LOG_LEVEL: "error",
  MYZEL_AUTO_SCALE_ENABLED: "false",
  NEXT_TELEMETRY_DISABLED: "1",
});
const server = await startMyzel({ settings, log: createLogger(settings.LOG_LEVEL), withNext: true });
const { token } = await createToken(server.deps.db, { name: "bench dashboard", role: "ADMIN" }, null);
const client = createMyzelClient({ url: server.url, token });
// The browser signs in as the first admin, as a person would.
const admin = { name: "Bench Admin", email: "bench@myzel.test", password: "bench-password-1" };
await client.setup.createAdmin.mutate(admin);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

// Every event with the moment it went out.
const events: Array<{ at: number; event: MyzelEvent }> = [];
const follower = await followEvents(server.deps.redis, server.deps.log);
follower.on((event) => events.push({ at: epochNow(), event }));

/**
 * Records, in the page, each time an element's data-status changes: [identity, status, epoch ms].
 * Browser code goes in as text: tsx would wrap named functions in a helper the page lacks.
 */
async function recordStatusChanges(page: Page, selector: string, identity: string) {
  await page.evaluate(`(() => {
    const seen = [];
    window.changes = seen;
    const last = new Map();
    const scan = () => {
      const t = performance.timeOrigin + performance.now();
      for (const element of document.querySelectorAll(${JSON.stringify(selector)})) {
        const id = element.closest("[${identity}]")?.getAttribute("${identity}") ?? "";
        const status = element.getAttribute("data-status") ?? "";
        if (last.get(id) !== status) {
          last.set(id, status);
          seen.push([id, status, t]);
        }
      }
    };
    scan();
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  })()`);
}
const changesIn = async (page: Page) => (await page.evaluate("window.changes")) as Array<[string, string, number]>;
const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};
const summary = (values: number[]) =>
  `median ${median(values).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (n=${values.length})`;

try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const signedIn = await page.request.post(`${server.url}/api/auth/sign-in/email`, {
    data: { email: admin.email, password: admin.password },
    headers: { origin: server.url },
  });
  if (!signedIn.ok()) throw new Error(`sign-in failed: ${signedIn.status()} ${await signedIn.text()}`);

  // 1. Agent status changes.
  await client.blueprints.upload.mutate({ yaml: poolBlueprint("bench-dash-agents", { workers: 6 }) });
  const pool = await client.clusters.create.mutate({
    blueprintId: "bench-dash-agents",
    name: "status",
    targetWorkers: 7,
  });
  await client.clusters.wait.query({ id: pool.id, status: "ACTIVE", timeoutMs: 60_000 });
  await page.goto(`${server.url}/clusters/${pool.id}`);
  await page.getByTestId("live-indicator").and(page.locator('[data-status="live"]')).waitFor();
  await page.getByTestId("agent-row").first().waitFor();
  await recordStatusChanges(page, '[data-testid="agent-row"]', "data-agent-key");
  const statusLatencies: number[] = [];
  for (let i = 0; i < kills; i++) {
    const workers = (await client.agents.list.query({ id: pool.id })).filter(
      (a) => a.role === "worker" && a.status === "IDLE" && a.pid,
    );
    const victim = workers[i % workers.length]!;
    const from = events.length;
    process.kill(victim.pid!, "SIGKILL");
    await until(() =>
      events
        .slice(from)
        .some((e) => e.event.type === "agent.status" && e.event.agentId === victim.id && e.event.status === "IDLE"),
    );
    const changes = await (async () => {
      let seen: Array<[string, string, number]> = [];
      await until(async () => {
        seen = await changesIn(page);
        return seen.some(([key, status, t]) => key === victim.key && status === "IDLE" && t > events[from]!.at);
      });
      return seen;
    })();
    for (const { at, event } of events.slice(from)) {
      if (event.type !== "agent.status" || event.agentId !== victim.id) continue;
      const shown = changes.find(([key, status, t]) => key === victim.key && status === event.status && t >= at - 5);
      if (shown) statusLatencies.push(shown[2] - at);
    }
    await new Promise((r) => setTimeout(r, 300)); // let the restart settle: one kill at a time
  }

  // 2. Tasks completed.
  await client.blueprints.upload.mutate({
    yaml: poolBlueprint("bench-dash-tasks", {
      workers: 4,
      runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 300 }",
    }),
  });
  const slow = await client.clusters.create.mutate({
    blueprintId: "bench-dash-tasks",
    name: "tasks",
    targetWorkers: 5,
  });
  await client.clusters.wait.query({ id: slow.id, status: "ACTIVE", timeoutMs: 60_000 });
  await page.goto(`${server.url}/clusters/${slow.id}`);
  await page.getByTestId("live-indicator").and(page.locator('[data-status="live"]')).waitFor();
  await recordStatusChanges(page, '[data-testid="recent-task"] [data-testid="task-status"]', "data-task-id");
  const taskLatencies: number[] = [];
  for (let i = 0; i < taskCount; i++) {
    const task = await client.tasks.submit.mutate({ id: slow.id, role: "worker", payload: `task ${i}` });
    const finishedAt = async () =>
      events.find((e) => e.event.type === "tasks.finished" && e.event.tasks.some((t) => t.id === task.id))?.at;
    await until(async () => (await finishedAt()) !== undefined);
    let shownAt: number | undefined;
    await until(async () => {
      shownAt = (await changesIn(page)).find(([id, status]) => id === task.id && status === "SUCCEEDED")?.[2];
      return shownAt !== undefined;
    });
    taskLatencies.push(shownAt! - (await finishedAt())!);
  }

  // 3. Smoothness: 100 agents on screen, 50 task submissions a second for 20 s.
  await client.blueprints.upload.mutate({ yaml: poolBlueprint("bench-dash-hundred", { workers: 99, concurrency: 4 }) });
  const big = await client.clusters.create.mutate({
    blueprintId: "bench-dash-hundred",
    name: "hundred",
    targetWorkers: 100,
  });
  await until(
    async () =>
      (await client.clusters.wait.query({ id: big.id, status: "ACTIVE", timeoutMs: 60_000 })).status === "ACTIVE",
    180_000,
  );
  await page.goto(`${server.url}/clusters/${big.id}`);
  await until(async () => (await page.getByTestId("agent-row").count()) === 100, 60_000);
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.longTasks.push(entry.duration))).observe({ type: "longtask" });
    const tick = (t) => {
      window.frames_.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const seconds = 20;
  const started = Date.now();
  const finishedBefore = events.filter((e) => e.event.type === "tasks.finished").length;
  let sent = 0;
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * 50);
    const batch: Array<Promise<unknown>> = [];
    for (; sent < due; sent++)
      batch.push(client.tasks.submit.mutate({ id: big.id, role: "worker", payload: `load ${sent}` }));
    await Promise.all(batch);
    await new Promise((r) => setTimeout(r, 20));
  }
  const { frames, longTasks } = (await page.evaluate("({ frames: window.frames_, longTasks: window.longTasks })")) as {
    frames: number[];
    longTasks: number[];
  };
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const finishedEvents = events.filter((e) => e.event.type === "tasks.finished").length - finishedBefore;
  const blocked = longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);

  console.log(
    `agent status change → row shows it: ${summary(statusLatencies)} (goal p95 ≤ 250 ms; the seed polls every 2 s)`,
  );
  console.log(`task completed → its row shows "Succeeded": ${summary(taskLatencies)} (goal p95 ≤ 250 ms)`);
  console.log(
    `100 agents, ${(sent / seconds).toFixed(0)} tasks submitted/s (${sent} submitted events and ${finishedEvents} finished events in ${seconds} s): ` +
      `${(frames.length / seconds).toFixed(0)} frames/s, frame time p95 ${percentile(gaps, 95).toFixed(0)} ms, longest ${Math.max(...gaps).toFixed(0)} ms; ` +
      `${longTasks.length} long tasks, main thread blocked ${(blocked / seconds).toFixed(0)} ms per second`,
  );
} finally {
  follower.close();
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
