/**
 * Shared plumbing for the services Myzel runs for itself when no URL is configured
 * (PostgreSQL, redis-server): find a free port, clear a process left over from a run
 * that was killed, wait for the "ready" line, and stop with escalation.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import { trackChildGroup } from "../child-groups";
import type { Logger } from "../logger";

export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/**
 * A server killed with SIGKILL leaves its children running. If the pid file names a live
 * process of ours (its command line mentions `marker`), stop it before starting anew.
 */
export async function stopLeftover(pidFile: string, marker: string, log: Logger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !commandOf(pid).includes(marker)) return;
  log.warn({ pid }, "stopping a process left over from an earlier run");
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/** Spawns a server and resolves once a line of its output matches `ready`. */
export async function spawnUntilReady(
  command: string,
  args: string[],
  options: SpawnOptions & { ready: RegExp; timeoutMs: number; name: string; log: Logger },
): Promise<ChildProcess> {
  const { ready, timeoutMs, name, log, ...spawnOptions } = options;
  // A process group of its own: Ctrl-C in the terminal reaches the server alone, which stops the
  // service after everything that uses it (PostgreSQL must outlive the last query of the shutdown).
  const child = trackChildGroup(
    spawn(command, args, { ...spawnOptions, detached: true, stdio: ["ignore", "pipe", "pipe"] }),
  );
  const recent: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not become ready within ${timeoutMs} ms`)), timeoutMs);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        log.debug({ service: name }, line);
        if (ready.test(line)) {
          clearTimeout(timer);
          child.off("exit", onExit);
          resolve(child);
        }
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`${name} exited during start-up (code ${code}, signal ${signal}):\n${recent.join("\n")}`));
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    }
    child.stdout?.on("data", onLine);
    child.stderr?.on("data", onLine);
    child.once("exit", onExit);
    child.once("error", (error) => fail(new Error(`${name} could not be started: ${error.message}`)));
  });
}

/** Sends `signal`, waits up to `timeoutMs`, then SIGKILL. Resolves when the process is gone. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}
