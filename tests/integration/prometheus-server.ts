/**
 * A real Prometheus (Debian's package) for the tests: started on a free port with a temporary
 * configuration that scrapes one Myzel every second with a bearer token and evaluates the
 * shipped alert rules every second; queried over its HTTP API.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";

export const RULES_FILE = path.resolve(import.meta.dirname, "../../monitoring/myzel-alerts.yml");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export interface Prometheus {
  url: string;
  /** An instant query's result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  alerts(): Promise<Array<{ labels: Record<string, string>; state: string }>>;
  stop(): Promise<void>;
}

export async function startPrometheus(target: string, token: string): Promise<Prometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "myzel-prometheus-"));
  const port = await freePort();
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    JSON.stringify({
      global: { scrape_interval: "1s", evaluation_interval: "1s" },
      rule_files: [RULES_FILE],
      scrape_configs: [
        {
          job_name: "myzel",
          authorization: { type: "Bearer", credentials: token },
          static_configs: [{ targets: [new URL(target).host] }],
        },
      ],
    }),
  );
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: "ignore" },
  );
  const url = `http://127.0.0.1:${port}`;
  const api = async (pathAndQuery: string) => {
    const response = await fetch(`${url}${pathAndQuery}`);
    const body = (await response.json()) as { status: string; data: any };
    if (body.status !== "success") throw new Error(`Prometheus answered ${JSON.stringify(body)}`);
    return body.data;
  };
  await expect
    .poll(async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.status, { timeout: 20_000 })
    .toBe(200);
  return {
    url,
    query: async (expr) => (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    alerts: async () => (await api("/api/v1/alerts")).alerts,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
