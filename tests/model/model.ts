/**
 * What the lifecycle model believes: the clusters it made, their settled status, how many
 * agents each should run and under which keys, the tasks it got accepted, and the faults it
 * caused. Written from the documented contract (README, lifecycle table), not from the
 * implementation, so that it can disagree with it. Pure: no I/O.
 */
import { type ClusterStatus, type LifecycleEvent, transition } from "../../src/domain/cluster/lifecycle";

export interface BlueprintModel {
  id: string;
  yaml: string;
  /** Roles in blueprint order with their count range; every key is `${role}-${n}`. */
  roles: Array<{ role: string; min: number; max: number }>;
  minWorkers: number;
  maxWorkers: number;
  /** A role whose tasks take long enough to be seen RUNNING by polling (sleep_ms), if any. */
  slowRole?: { role: string; sleepMs: number };
}

/** A supervisor and a 0-4 worker range: scaling can empty the worker role. */
export const POOL_BLUEPRINT: BlueprintModel = {
  id: "model-pool",
  roles: [
    { role: "supervisor", min: 1, max: 1 },
    { role: "worker", min: 0, max: 4 },
  ],
  minWorkers: 1,
  maxWorkers: 6,
  yaml: `metadata: { id: model-pool, name: Model pool, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 6, routing: least-busy }
agents:
  - { role: supervisor, name: Boss, runtime: { type: builtin, behaviour: echo } }
  - role: worker
    name: Worker
    count: 0-4
    reports_to: supervisor
    capabilities: [work]
    runtime: { type: builtin, behaviour: sleep, sleep_ms: 150, fail_probability: 0.1 }
`,
};

/** Supervisor → lead (a live bc session per key) → 1-3 analysts whose tasks take 1.5 s. */
export const TEAM_BLUEPRINT: BlueprintModel = {
  id: "model-team",
  roles: [
    { role: "supervisor", min: 1, max: 1 },
    { role: "lead", min: 1, max: 1 },
    { role: "analyst", min: 1, max: 3 },
  ],
  minWorkers: 3,
  maxWorkers: 5,
  slowRole: { role: "analyst", sleepMs: 1500 },
  yaml: `metadata: { id: model-team, name: Model team, version: 1.0.0 }
cluster: { type: department, min_workers: 3, max_workers: 5, routing: round-robin }
agents:
  - { role: supervisor, name: Head }
  - role: lead
    name: Lead
    reports_to: supervisor
    runtime: { type: command, argv: [bc, -q], mode: session, session: { preset: bc } }
  - role: analyst
    name: Analyst
    count: 1-3
    reports_to: lead
    runtime: { type: builtin, behaviour: sleep, sleep_ms: 1500 }
`,
};

export const BLUEPRINTS = [POOL_BLUEPRINT, TEAM_BLUEPRINT] as const;

/** Sizes a blueprint can be planned at: [min, max] over every agent (README: "counts every agent"). */
export function planBounds(bp: BlueprintModel) {
  const sumMin = bp.roles.reduce((s, r) => s + r.min, 0);
  const sumMax = bp.roles.reduce((s, r) => s + r.max, 0);
  return { min: Math.max(bp.minWorkers, sumMin), max: Math.min(bp.maxWorkers, sumMax) };
}

/** Agents per role for `target`: each role its minimum, the rest dealt one at a time in blueprint order. */
export function roleCounts(bp: BlueprintModel, target: number): Map<string, number> {
  const counts = new Map(bp.roles.map((r) => [r.role, r.min]));
  let left = target - bp.roles.reduce((s, r) => s + r.min, 0);
  while (left > 0) {
    const before = left;
    for (const r of bp.roles) {
      if (left > 0 && counts.get(r.role)! < r.max) {
        counts.set(r.role, counts.get(r.role)! + 1);
        left--;
      }
    }
    if (left === before) break;
  }
  return counts;
}

/** Settled statuses only: the model waits for every transition to finish before the next step. */
export type SettledStatus = "ACTIVE" | "HIBERNATED" | "DESTROYED";

export interface ClusterModel {
  id: string;
  name: string;
  blueprint: BlueprintModel;
  status: SettledStatus;
  /** targetWorkers: the planned agents. */
  planned: number;
  /** Agents added by hand, by role, in order: `${role}-manual-${n}`. */
  manual: string[];
  manualCountByRole: Map<string, number>;
  memory: MemoryModel;
}

/**
 * The cluster's `shared` memory namespace (README: every agent of a cluster shares it unless its
 * role says otherwise; the model's blueprints say nothing) as written through the API. The
 * model's agents never write memory, so this is all it holds.
 */
export interface MemoryModel {
  /** Its id, once a memory step looked it up. */
  namespaceId?: string;
  values: Map<string, { value: unknown; version: number }>;
  /** Documents stored, by the made-up word only each of them holds. */
  documents: Map<string, string>;
}

export const emptyMemory = (): MemoryModel => ({ values: new Map(), documents: new Map() });

/**
 * A write to a cluster's memory: refused with 409 once the cluster is destroyed (its memory is
 * archived: readable, not writable), or when expectedVersion is not the current version (0: absent).
 */
export function predictMemoryWrite(c: ClusterModel, key: string | null, expectedVersion?: number): Prediction {
  if (c.status === "DESTROYED") return refuse([409], "the memory of a destroyed cluster is archived, read-only");
  const current = key === null ? 0 : (c.memory.values.get(key)?.version ?? 0);
  if (expectedVersion !== undefined && expectedVersion !== current)
    return refuse([409], `${key} is at version ${current}, not ${expectedVersion}`);
  return { ok: true };
}

export interface TaskRecord {
  id: string;
  clusterId: string;
  /** null: any agent. */
  role: string | null;
  /** The model cancelled it and the server said yes. */
  cancelled: boolean;
  /** Its cluster was destroyed while it may have been open. */
  clusterDestroyed: boolean;
  acceptedAt: number;
}

export interface RunnerModel {
  nodeId: string;
  pid: number;
}

export class LifecycleModel {
  readonly clusters: ClusterModel[] = [];
  /** Blueprints whose every version the model archived: they start no new clusters. */
  readonly archived = new Set<string>();
  readonly tasks: TaskRecord[] = [];
  readonly runners: RunnerModel[] = [];

  live(): ClusterModel[] {
    return this.clusters.filter((c) => c.status !== "DESTROYED");
  }

  /** The agent keys a settled cluster should have (non-removed), sorted. */
  expectedKeys(c: ClusterModel): string[] {
    if (c.status === "DESTROYED") return [];
    const keys: string[] = [];
    for (const [role, n] of roleCounts(c.blueprint, c.planned)) for (let i = 1; i <= n; i++) keys.push(`${role}-${i}`);
    return [...keys, ...c.manual].sort();
  }

  /** How many agent processes a settled cluster should run. */
  expectedRunning(c: ClusterModel): number {
    return c.status === "ACTIVE" ? this.expectedKeys(c).length : 0;
  }

  roleHasAgents(c: ClusterModel, role: string | null): boolean {
    if (c.status === "DESTROYED") return false;
    if (role === null) return true;
    return (
      (roleCounts(c.blueprint, c.planned).get(role) ?? 0) > 0 || c.manual.some((k) => k.startsWith(`${role}-manual-`))
    );
  }
}

/** The HTTP statuses the contract allows for a request; several when two refusals apply at once. */
export type Prediction = { ok: true } | { ok: false; statuses: number[]; why: string };

const refuse = (statuses: number[], why: string): Prediction => ({ ok: false, statuses, why });

/** A settled cluster can take this lifecycle event (by the domain's own table). */
function lifecycleAllows(status: SettledStatus, event: LifecycleEvent): boolean {
  return transition(status as ClusterStatus, event).ok;
}

export function predictCreate(bp: BlueprintModel, target: number, archived = false): Prediction {
  const b = planBounds(bp);
  const outOfBounds = target < b.min || target > b.max;
  if (archived && outOfBounds)
    return refuse([409, 422], `blueprint ${bp.id} archived, targetWorkers ${target} outside ${b.min}-${b.max}`);
  if (archived) return refuse([409], `blueprint ${bp.id} archived`);
  return outOfBounds ? refuse([422], `targetWorkers ${target} outside ${b.min}-${b.max}`) : { ok: true };
}

/** A blueprint is deleted only while no cluster that is not destroyed uses it. */
export function predictDeleteBlueprint(m: LifecycleModel, bp: BlueprintModel): Prediction {
  const users = m.live().filter((c) => c.blueprint.id === bp.id);
  return users.length ? refuse([409], `used by ${users.map((c) => c.name).join(", ")}`) : { ok: true };
}

export function predictScale(c: ClusterModel, target: number): Prediction {
  const b = planBounds(c.blueprint);
  const max = Math.min(b.max, c.blueprint.maxWorkers - c.manual.length);
  const outOfBounds = target < b.min || target > max;
  const event: LifecycleEvent = target >= c.planned ? "scale_up" : "scale_down";
  const illegal = !lifecycleAllows(c.status, event);
  if (outOfBounds && illegal)
    return refuse([409, 422], `target ${target} outside ${b.min}-${max} and cluster ${c.status}`);
  if (outOfBounds) return refuse([422], `target ${target} outside ${b.min}-${max}`);
  if (illegal) return refuse([409], `cannot scale a ${c.status} cluster`);
  return { ok: true };
}

export function predictLifecycle(c: ClusterModel, event: "hibernate" | "reactivate" | "destroy"): Prediction {
  // Deleting is idempotent: a destroyed cluster answers a second delete as the first did.
  if (event === "destroy" && c.status === "DESTROYED") return { ok: true };
  return lifecycleAllows(c.status, event) ? { ok: true } : refuse([409], `cannot ${event} a ${c.status} cluster`);
}

export function predictAddAgent(c: ClusterModel, role: string): Prediction {
  const known = c.blueprint.roles.some((r) => r.role === role);
  if (c.status !== "ACTIVE")
    return known
      ? refuse([409], `cluster ${c.status}`)
      : refuse([409, 422], `cluster ${c.status}, unknown role ${role}`);
  if (!known) return refuse([422], `unknown role ${role}`);
  const total = c.planned + c.manual.length;
  if (total >= c.blueprint.maxWorkers) return refuse([409], `at its maximum of ${c.blueprint.maxWorkers} agents`);
  return { ok: true };
}

export function predictSubmit(c: ClusterModel, role: string | null): Prediction {
  const known = role === null || c.blueprint.roles.some((r) => r.role === role);
  if (c.status === "DESTROYED")
    return known ? refuse([409], "cluster destroyed") : refuse([409, 422], `cluster destroyed, unknown role ${role}`);
  if (!known) return refuse([422], `unknown role ${role}`);
  return { ok: true };
}
