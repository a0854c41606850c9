/**
 * The redis-server Myzel runs for itself when REDIS_URL is not set: loopback only, data and
 * append-only file under <data>/redis, `noeviction` so queued work is never dropped.
 * `restart()` exists for the healer, which brings it back if it dies; `onExit` tells it the
 * moment that happens (an exit is an event: nothing needs to poll for it).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { childProcessEnv } from "../../env";
import type { Logger } from "../logger";
import { findFreePort, spawnUntilReady, stopChild, stopLeftover } from "./child-service";

export interface EmbeddedRedis {
  url: string;
  pid(): number | undefined;
  running(): boolean;
  /** Called when the redis-server exits on its own (not stopped or restarted by Myzel); returns an unsubscribe. */
  onExit(listener: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void): () => void;
  /** Stops it if it runs and starts it again; calls made while one is under way share it. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmbeddedRedis(opts: {
  dataDir: string;
  log: Logger;
  binary?: string;
}): Promise<EmbeddedRedis> {
  const log = opts.log.child({ component: "embedded-redis" });
  const dir = path.join(opts.dataDir, "redis");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(opts.dataDir, "redis.password");
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();
  const pidFile = path.join(dir, "redis.pid");
  const port = await findFreePort();
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  /** Children whose exit Myzel caused. */
  const expected = new WeakSet<ChildProcess>();
  const exitListeners = new Set<(exit: { code: number | null; signal: NodeJS.Signals | null }) => void>();

  async function start(): Promise<void> {
    await stopLeftover(pidFile, "redis-server", log);
    const started = Date.now();
    child = await spawnUntilReady(
      opts.binary ?? "redis-server",
      [
        "--bind",
        "127.0.0.1",
        "--port",
        String(port),
        "--dir",
        dir,
        "--pidfile",
        pidFile,
        "--appendonly",
        "yes",
        "--maxmemory-policy",
        "noeviction",
        "--requirepass",
        password,
        "--save",
        "60 1000",
        "--daemonize",
        "no",
      ],
      { env: childProcessEnv(), ready: /Ready to accept connections/, timeoutMs: 30_000, name: "redis-server", log },
    ).catch((error: Error) => {
      throw (error as NodeJS.ErrnoException).message.includes("ENOENT")
        ? new Error("redis-server is not installed (apt-get install -y redis-server), or set REDIS_URL.")
        : error;
    });
    log.info({ port, ms: Date.now() - started }, "embedded Redis ready");
    const current = child;
    current.on("exit", (code, signal) => {
      if (stopping || expected.has(current)) return;
      log.warn({ code, signal }, "embedded Redis exited");
      for (const listener of exitListeners) listener({ code, signal });
    });
  }

  await start();
  return {
    url: `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    pid: () => child?.pid,
    running: () => !!child && child.exitCode === null && child.signalCode === null,
    onExit(listener) {
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
    restart() {
      restarting ??= (async () => {
        if (child) {
          expected.add(child);
          await stopChild(child, "SIGTERM", 5_000);
        }
        await start();
      })().finally(() => (restarting = undefined));
      return restarting;
    },
    async stop() {
      stopping = true;
      await restarting?.catch(() => {});
      if (child) await stopChild(child, "SIGTERM", 10_000);
    },
  };
}
