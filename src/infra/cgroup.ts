/**
 * CPU quotas for agent processes through the kernel's control groups: one group per agent
 * under `myzel-agents`, beside the runner's own group. cgroup v2 (`cpu.max`) where the host
 * delegates the cpu controller, else v1's cpu hierarchy (`cpu.cfs_quota_us`); else nothing,
 * and the caller falls back to a lower priority.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type CpuControl, type CpuPlan, cpuMaxLine } from "../domain/host/agent-host";

const ROOT = "/sys/fs/cgroup";
const PARENT = "myzel-agents";

type Host = { control: "none" } | { control: "cgroup-v2" | "cgroup-v1"; parent: string };

let host: Host | undefined;

/** What this host offers; found once, and preparing the parent group on the way. */
export function cpuControl(): CpuControl {
  host ??= findV2() ?? findV1() ?? { control: "none" };
  return host.control;
}

/** A group holding one agent process and whatever it starts. */
export interface CpuGroup {
  /** The group's folder (its `cpu.max` or `cpu.cfs_quota_us` says the quota). */
  dir: string;
  /** Kills what is left in the group and removes it. */
  release(): void;
}

/** Puts the process in a new group with the plan's quota. Throws when the host refuses. */
export function confineCpu(pid: number, name: string, plan: Extract<CpuPlan, { kind: "quota" }>): CpuGroup {
  cpuControl();
  if (host?.control !== plan.control) throw new Error(`this host has no ${plan.control} cpu controller`);
  const dir = path.join(host.parent, name);
  mkdirSync(dir, { recursive: true });
  if (plan.control === "cgroup-v2") writeFileSync(path.join(dir, "cpu.max"), cpuMaxLine(plan));
  else {
    writeFileSync(path.join(dir, "cpu.cfs_period_us"), String(plan.periodUs));
    writeFileSync(path.join(dir, "cpu.cfs_quota_us"), String(plan.quotaUs));
  }
  writeFileSync(path.join(dir, "cgroup.procs"), String(pid));
  return { dir, release: () => releaseGroup(dir, plan.control) };
}

function releaseGroup(dir: string, control: "cgroup-v2" | "cgroup-v1"): void {
  // A tool the agent left running would keep the group alive, unlimited once the group is gone.
  if (control === "cgroup-v2" && existsSync(path.join(dir, "cgroup.kill")))
    tryWrite(path.join(dir, "cgroup.kill"), "1");
  else for (const pid of procsOf(dir)) tryKill(pid);
  try {
    rmdirSync(dir);
  } catch {
    // Still emptying (the kernel removes killed processes a moment later): retried once.
    setTimeout(() => {
      try {
        rmdirSync(dir);
      } catch {}
    }, 500).unref();
  }
}

/** The pids in a group (empty when it is gone). */
export function procsOf(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** v2: the runner's own group, with the cpu controller handed down to `myzel-agents`. */
function findV2(): Host | undefined {
  const mount = [ROOT, path.join(ROOT, "unified")].find((dir) => existsSync(path.join(dir, "cgroup.controllers")));
  const own = /^0::(.*)$/m.exec(readSelfCgroup())?.[1];
  if (!mount || own === undefined) return undefined;
  const ownDir = path.join(mount, own);
  try {
    if (!readFileSync(path.join(ownDir, "cgroup.controllers"), "utf8").split(/\s+/).includes("cpu")) return undefined;
    enableCpu(ownDir);
    const parent = path.join(ownDir, PARENT);
    mkdirSync(parent, { recursive: true });
    writeFileSync(path.join(parent, "cgroup.subtree_control"), "+cpu");
    return { control: "cgroup-v2", parent };
  } catch {
    return undefined;
  }
}

/**
 * A group that holds processes may not hand controllers down ("no internal processes"): then
 * what runs in it (the runner, and e.g. the npm or shell that started it) moves into a leaf
 * group `myzel-runner` first.
 */
function enableCpu(dir: string): void {
  const subtree = path.join(dir, "cgroup.subtree_control");
  if (readFileSync(subtree, "utf8").split(/\s+/).includes("cpu")) return;
  try {
    writeFileSync(subtree, "+cpu");
  } catch {
    const leaf = path.join(dir, "myzel-runner");
    mkdirSync(leaf, { recursive: true });
    for (const pid of procsOf(dir)) tryWrite(path.join(leaf, "cgroup.procs"), String(pid));
    writeFileSync(subtree, "+cpu");
  }
}

/** v1: the cpu hierarchy (mounted as cpu or cpu,cpuacct), below the runner's own group in it. */
function findV1(): Host | undefined {
  const line = readSelfCgroup()
    .split("\n")
    .map((l) => /^\d+:([^:]+):(.*)$/.exec(l))
    .find((m) => m?.[1]?.split(",").includes("cpu"));
  if (!line) return undefined;
  const mount = [line[1]!, "cpu", "cpu,cpuacct"]
    .map((name) => path.join(ROOT, name))
    .find((dir) => existsSync(path.join(dir, "cpu.cfs_quota_us")));
  if (!mount) return undefined;
  try {
    const parent = path.join(mount, line[2]!, PARENT);
    mkdirSync(parent, { recursive: true });
    if (!existsSync(path.join(parent, "cpu.cfs_quota_us"))) return undefined;
    return { control: "cgroup-v1", parent };
  } catch {
    return undefined;
  }
}

function readSelfCgroup(): string {
  try {
    return readFileSync("/proc/self/cgroup", "utf8");
  } catch {
    return "";
  }
}

function tryWrite(file: string, value: string): void {
  try {
    writeFileSync(file, value);
  } catch {}
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {}
}
