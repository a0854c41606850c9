/**
 * Start-up time of `node --import tsx src/server.ts` (production build), from spawn to the
 * "ready" log line and to the first 200 from /health: cold (fresh data folder: initdb,
 * migrations, blueprints) and warm (same folder again).
 *
 *   npx tsx bench/startup.ts [runs]
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const runs = Number(process.argv[2] ?? 3);
const root = path.resolve(import.meta.dirname, "..");

async function startOnce(dataDir: string): Promise<{ readyMs: number; healthMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      MYZEL_DATA_DIR: dataDir,
      MYZEL_PORT: "0",
      MYZEL_LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const line = output.split("\n").find((l) => l.includes("Myzel is ready"));
      if (line) resolve(JSON.parse(line));
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
  const readyMs = performance.now() - started;
  await fetch(`${ready.url}/health`);
  const healthMs = performance.now() - started;
  child.kill("SIGTERM");
  await once(child, "exit");
  return { readyMs, healthMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = path.join(os.tmpdir(), `myzel-bench-startup-${i}`);
  rmSync(dataDir, { recursive: true, force: true });
  cold.push((await startOnce(dataDir)).healthMs);
  warm.push((await startOnce(dataDir)).healthMs);
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(
  `start-up to first /health answer over ${runs} runs (median): cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms`,
);
console.log(`  cold: ${cold.map((v) => v.toFixed(0)).join(", ")} ms`);
console.log(`  warm: ${warm.map((v) => v.toFixed(0)).join(", ")} ms`);
