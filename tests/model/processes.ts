/**
 * The processes really running, read from /proc: agent processes (dist/agent.cjs) and the
 * runner processes they belong to, and extra runners started as `npm run runner` does.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import pg from "pg";
import type { Target } from "./api";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  cmdline: string;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: read the fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(fields[1]), state: fields[0]!, cmdline };
  } catch {
    return null; // gone meanwhile
  }
}

/** A process that runs (a zombie has exited: it only waits for its parent to reap it). */
export function isAlive(pid: number): boolean {
  const info = readProcess(pid);
  return info !== null && info.state !== "Z" && info.state !== "X";
}

/** The runner's build (dist/agent.cjs) or the shared copy agents of another OS user run (agent-<hash>.cjs). */
export const isAgentProcess = (info: ProcessInfo) => /agent(-[0-9a-f]+)?\.cjs\b/.test(info.cmdline);

export function isLiveAgentProcess(pid: number): boolean {
  const info = readProcess(pid);
  return info !== null && info.state !== "Z" && info.state !== "X" && isAgentProcess(info);
}

/** Live agent processes whose parent is one of `parents` (the runners of this Myzel). */
export function agentProcesses(parents: ReadonlySet<number>): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProcess(Number(name));
    if (info && parents.has(info.ppid) && isAgentProcess(info) && info.state !== "Z" && info.state !== "X")
      found.push(info);
  }
  return found;
}

/**
 * Waits (bounded by `capMs`) until none of `pids` is a live agent process; returns those still
 * alive then. A process that is not our child gives no exit event to await: /proc is read again.
 */
export async function untilGone(pids: number[], capMs: number): Promise<number[]> {
  const deadline = Date.now() + capMs;
  let alive = pids.filter(isLiveAgentProcess);
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(isLiveAgentProcess);
  }
  return alive;
}

/** How a process looks now (state, folder it works in, seconds it has run), for a failure message. */
export function describeProcess(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 100 - Number(fields[19]);
    return `${pid} (state ${fields[0]}, in ${readlinkSync(`/proc/${pid}/cwd`)}, ${(ticks / 100).toFixed(1)} s old)`;
  } catch {
    return `${pid} (gone)`;
  }
}

/** The pids of the runner processes registered by this Myzel that are alive (the server's own included). */
export async function runnerPids(databaseUrl: string): Promise<Map<number, string>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = (await db.query<{ id: string; pid: number }>("SELECT id, pid FROM nodes")).rows;
    return new Map(rows.filter((r) => isAlive(r.pid)).map((r) => [r.pid, r.id]));
  } finally {
    await db.end();
  }
}

/** The real uid a process runs as, or undefined once it is gone. */
export function uidOf(pid: number): number | undefined {
  try {
    return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  } catch {
    return undefined;
  }
}

/** The `limits.user` each agent's blueprint asked for, by the pid of its process. */
export async function requestedUsers(databaseUrl: string, pids: number[]): Promise<Map<number, string | null>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = (
      await db.query<{ pid: number; user: string | null }>(
        `SELECT pid, spec->'limits'->>'user' AS "user" FROM cluster_agents WHERE pid = ANY($1) AND removed_at IS NULL`,
        [pids],
      )
    ).rows;
    return new Map(rows.map((r) => [r.pid, r.user]));
  } finally {
    await db.end();
  }
}

export interface ExtraRunner {
  nodeId: string;
  child: ChildProcess;
}

/** Starts `npm run runner` (node --import tsx src/runner/main.ts) against the target and waits until it is ready. */
export async function startRunner(target: Target, nodeId: string): Promise<ExtraRunner> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/runner/main.ts"], {
    cwd: target.root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: target.databaseUrl,
      REDIS_URL: target.redisUrl,
      MYZEL_NODE_ID: nodeId,
      MYZEL_LOG_LEVEL: "info",
      ...target.runnerEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`runner ${nodeId} not ready after 60 s: ${output.slice(-2000)}`)),
      60_000,
    );
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Myzel runner is ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`runner ${nodeId} exited (${code ?? signal}) before it was ready: ${output.slice(-2000)}`));
    });
  });
  // Keep reading so a full pipe never blocks it.
  child.stdout!.resume();
  child.stderr!.resume();
  return { nodeId, child };
}

/** kill -9, and wait until the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}

/** SIGTERM (the runner drains its agents), then SIGKILL after `graceMs`; whether it stopped by itself. */
export async function stopGracefully(child: ChildProcess, graceMs = 15_000): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, graceMs);
  await exited;
  clearTimeout(timer);
  return !killed;
}

/** What the records say of these agents, for a failure message: status, node, pid (alive?), cluster. */
export async function describeAgents(databaseUrl: string, agentIds: string[]): Promise<string> {
  if (!agentIds.length) return "";
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{
      id: string;
      status: string;
      node_id: string | null;
      pid: number | null;
      removed_at: Date | null;
      cluster: string;
      cluster_status: string;
    }>(
      `SELECT a.id, a.status, a.node_id, a.pid, a.removed_at, c.name AS cluster, c.status AS cluster_status
         FROM cluster_agents a JOIN clusters c ON c.id = a.cluster_id WHERE a.id = ANY($1::uuid[])`,
      [agentIds],
    );
    const known = new Map(rows.map((r) => [r.id, r]));
    return agentIds
      .map((id) => {
        const r = known.get(id);
        if (!r) return `${id}: no such agent`;
        const pid = r.pid === null ? "no pid" : `pid ${r.pid} ${isAlive(r.pid) ? "alive" : "gone"}`;
        return `${id}: ${r.status}${r.removed_at ? " (removed)" : ""} on ${r.node_id ?? "no node"}, ${pid}, cluster ${r.cluster} ${r.cluster_status}`;
      })
      .join("; ");
  } finally {
    await db.end();
  }
}
