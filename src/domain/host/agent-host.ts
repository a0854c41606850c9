/**
 * What an agent process may use of its host: which OS user it runs as, and how its CPU share
 * is held. Pure decisions; runner/ and infra/ carry them out.
 */

/** The system user Myzel creates for agents when its runner runs as root. */
export const DEFAULT_AGENT_USER = "myzel-agent";

export type AgentUserPlan =
  /** Not root: the agent runs as the runner's own user (it could not switch anyway). */
  | { kind: "runner" }
  /** The blueprint asked for root, with `limits.user: root`. */
  | { kind: "root" }
  /** A named OS user; `create` when Myzel makes it itself (its own default user). */
  | { kind: "user"; name: string; create: boolean };

/** As root, an agent never runs as root unless its blueprint says so. */
export function planAgentUser(opts: { runnerIsRoot: boolean; requested?: string }): AgentUserPlan {
  if (!opts.runnerIsRoot) return { kind: "runner" };
  if (opts.requested === "root") return { kind: "root" };
  if (opts.requested) return { kind: "user", name: opts.requested, create: false };
  return { kind: "user", name: DEFAULT_AGENT_USER, create: true };
}

/** What the host offers to hold a CPU share (infra/cgroup.ts finds out). */
export type CpuControl = "cgroup-v2" | "cgroup-v1" | "none";

/** The scheduler period of a CPU quota: 100 ms, the kernel's default. */
export const CPU_PERIOD_US = 100_000;

export type CpuPlan =
  | { kind: "unlimited" }
  /** A hard quota: `quotaUs` of CPU time in every `periodUs`, over all cores. */
  | { kind: "quota"; control: "cgroup-v2" | "cgroup-v1"; quotaUs: number; periodUs: number }
  /** No cgroup: a lower priority only; the share is not enforced. */
  | { kind: "priority"; niceness: number };

/** `cpu` is in cores (0.5 = half a core, 2 = two cores). */
export function planCpuLimit(cpu: number | undefined, control: CpuControl): CpuPlan {
  if (cpu === undefined) return { kind: "unlimited" };
  if (control === "none") return { kind: "priority", niceness: 10 };
  // The kernel refuses quotas under 1 ms.
  return { kind: "quota", control, quotaUs: Math.max(1000, Math.round(cpu * CPU_PERIOD_US)), periodUs: CPU_PERIOD_US };
}

/** cgroup v2's `cpu.max` line for a quota. */
export function cpuMaxLine(plan: { quotaUs: number; periodUs: number }): string {
  return `${plan.quotaUs} ${plan.periodUs}`;
}
