/**
 * /metrics: who may read it, what it says (checked against the records and by promtool), which
 * server says it, and a real Prometheus scraping Myzel and firing the crash-loop alert.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type MyzelServer, startMyzel } from "../../src/boot/start-myzel";
import { loadSettings } from "../../src/env";
import { createLogger } from "../../src/infra/logger";
import { crashLoopUntilOpen } from "./crash-loop";
import { pool } from "./healing-helpers";
import { baseUrl, client, deleteCreatedClusters, signIn, sql, tokenFor, uniqueName, userWith } from "./helpers";
import { type Prometheus, startPrometheus } from "./prometheus-server";

const SCRAPE_TOKEN = "scrape-token-0123456789-abcdefghijklmnop";
let standby: MyzelServer | undefined;
let prometheus: Prometheus | undefined;
afterAll(async () => {
  await deleteCreatedClusters();
  await prometheus?.stop();
  await standby?.stop();
});

const scrape = (url: string, headers: Record<string, string> = {}) => fetch(`${url}/metrics`, { headers });

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of an exposition (enough of the format for Myzel's own output). */
function parse(text: string): Series[] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

const pick = (series: Series[], name: string, labels: Record<string, string>) =>
  series.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe("/metrics access", () => {
  it("answers 401 without credentials or with a wrong token, 403 to a dashboard session, 200 to any API token", async () => {
    const anonymous = await scrape(baseUrl());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await anonymous.json()) as { detail: string }).detail).toContain("MYZEL_METRICS_TOKEN");
    expect((await scrape(baseUrl(), { authorization: "Bearer myzel_not-a-real-token" })).status).toBe(401);
    expect((await scrape(baseUrl(), { authorization: "Basic dXNlcjpwYXNz" })).status).toBe(401);

    const viewer = await userWith("VIEWER");
    const cookie = await signIn(viewer.email, viewer.password);
    expect((await scrape(baseUrl(), { cookie })).status).toBe(403);

    const { info, token } = await client().tokens.create.mutate({ name: uniqueName("scraper"), role: "VIEWER" });
    const ok = await scrape(baseUrl(), { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    await client().tokens.revoke.mutate({ tokenId: info.id });
    expect((await scrape(baseUrl(), { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await fetch(`${baseUrl()}/metrics`, { method: "POST" })).status).toBe(405);
  });
});

describe("/metrics content", () => {
  it("counts tasks by outcome as the records do, in bounded series promtool accepts", async () => {
    const cluster = await pool(2);
    const tasks = await Promise.all(
      Array.from({ length: 5 }, () => client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 })),
    );
    expect(tasks.every((t) => t.status === "SUCCEEDED")).toBe(true);
    const response = await scrape(baseUrl(), { authorization: `Bearer ${inject("adminToken")}` });
    const text = await response.text();
    const series = parse(text);

    const rows = await sql<{ status: string; n: number }>(
      "SELECT status::text, count(*)::int AS n FROM tasks WHERE cluster_id = $1 AND status IN ('SUCCEEDED','FAILED','CANCELLED') GROUP BY 1",
      [cluster.id],
    );
    for (const outcome of ["succeeded", "failed", "cancelled"]) {
      const exported = pick(series, "myzel_tasks_total", { cluster: cluster.id, outcome }).reduce(
        (n, s) => n + s.value,
        0,
      );
      expect(exported, outcome).toBe(rows.find((r) => r.status.toLowerCase() === outcome)?.n ?? 0);
    }
    expect(pick(series, "myzel_task_duration_seconds_count", { cluster: cluster.id, role: "worker" })[0]?.value).toBe(
      5,
    );
    expect(pick(series, "myzel_agents", { cluster: cluster.id, role: "worker", state: "idle" })[0]?.value).toBe(2);
    expect(pick(series, "myzel_agent_restarts_total", { cluster: cluster.id, agent: "worker-1" })[0]?.value).toBe(0);
    expect(pick(series, "myzel_leader", {})[0]?.value).toBe(1);
    expect(pick(series, "process_cpu_user_seconds_total", {}).length).toBe(1);
    // No task id appears as a label value: the label sets stay bounded however many tasks run.
    const labelValues = new Set(series.flatMap((s) => Object.values(s.labels)));
    for (const task of tasks) expect(labelValues.has(task.id)).toBe(false);

    const lint = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(`${lint.stdout}${lint.stderr}`).toBe("");
    expect(lint.status).toBe(0);
  });

  it("on a standby server: only its own process and leader=0; the scrape token and the allow-list open it", async () => {
    standby = await startMyzel({
      settings: loadSettings({
        DATABASE_URL: inject("databaseUrl"),
        REDIS_URL: inject("redisUrl"),
        MYZEL_PORT: "0",
        MYZEL_NODE_ID: "metrics-standby",
        MYZEL_RUNNER_ENABLED: "false",
        MYZEL_DATA_DIR: path.join(os.tmpdir(), `myzel-metrics-standby-${process.pid}`),
        MYZEL_METRICS_TOKEN: SCRAPE_TOKEN,
        MYZEL_METRICS_ALLOW: "10.0.0.0/8",
        NODE_ENV: "test",
      }),
      log: createLogger("silent"),
      withNext: false,
    });
    expect((await scrape(standby.url)).status).toBe(401);
    expect((await scrape(standby.url, { authorization: `Bearer ${SCRAPE_TOKEN}x` })).status).toBe(401);
    const response = await scrape(standby.url, { authorization: `Bearer ${SCRAPE_TOKEN}` });
    expect(response.status).toBe(200);
    const series = parse(await response.text());
    expect(pick(series, "myzel_leader", { node: "metrics-standby" })[0]?.value).toBe(0);
    expect(
      series.filter(
        (s) => s.name.startsWith("myzel_") && s.name !== "myzel_leader" && s.name !== "myzel_metrics_collect_seconds",
      ),
    ).toEqual([]);
    expect(pick(series, "process_resident_memory_bytes", {}).length).toBe(1);
    await standby.stop();

    // The same server again with the test's own address on the allow-list: no token needed.
    standby = await startMyzel({
      settings: loadSettings({
        DATABASE_URL: inject("databaseUrl"),
        REDIS_URL: inject("redisUrl"),
        MYZEL_PORT: "0",
        MYZEL_NODE_ID: "metrics-standby",
        MYZEL_RUNNER_ENABLED: "false",
        MYZEL_DATA_DIR: path.join(os.tmpdir(), `myzel-metrics-standby-${process.pid}`),
        MYZEL_METRICS_ALLOW: "127.0.0.1,::1",
        NODE_ENV: "test",
      }),
      log: createLogger("silent"),
      withNext: false,
    });
    expect((await scrape(standby.url)).status).toBe(200);
    expect((await scrape(standby.url, { authorization: "Bearer wrong" })).status).toBe(401);
  });
});

describe("a real Prometheus", () => {
  it("scrapes Myzel, sees its tasks, and fires the crash-loop alert for a real crash loop", async () => {
    const token = await tokenFor("VIEWER");
    prometheus = await startPrometheus(baseUrl(), token);
    const p = prometheus;
    await expect.poll(async () => (await p.query('up{job="myzel"}'))[0]?.value[1], { timeout: 20_000 }).toBe("1");

    const cluster = await pool(1);
    await Promise.all(
      Array.from({ length: 3 }, () => client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 })),
    );
    await expect
      .poll(
        async () => (await p.query(`sum(myzel_tasks_total{cluster="${cluster.id}",outcome="succeeded"})`))[0]?.value[1],
        { timeout: 20_000 },
      )
      .toBe("3");

    await crashLoopUntilOpen(cluster.id);
    await expect
      .poll(
        async () =>
          (await p.alerts()).find(
            (a) => a.labels.alertname === "MyzelAgentCrashLooping" && a.labels.cluster === cluster.id,
          ),
        { timeout: 30_000, interval: 500 },
      )
      .toMatchObject({ state: "firing", labels: { agent: "worker-1", role: "worker", severity: "critical" } });
  }, 120_000);
});
