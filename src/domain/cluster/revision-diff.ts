/**
 * A cluster's history, decided: what changed between two recorded revisions, and the steps
 * that return a cluster to an earlier revision — or why it cannot go back.
 */
import type { ClusterRevisionState, FieldChange } from "../../schemas/cluster-history-api";

const COMPARED = [
  "name",
  "description",
  "status",
  "blueprintRowId",
  "minWorkers",
  "maxWorkers",
  "targetWorkers",
  "roleTargets",
  "routingStrategy",
  "config",
  "deleted",
] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

export function revisionChanges(before: ClusterRevisionState | undefined, after: ClusterRevisionState): FieldChange[] {
  if (!before) return [];
  return COMPARED.filter((field) => !same(before[field], after[field])).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
}

export interface RollbackSteps {
  /** Settings to write (only those that differ). */
  settings: Partial<
    Pick<ClusterRevisionState, "name" | "description" | "routingStrategy" | "minWorkers" | "maxWorkers">
  >;
  /** Per-role counts to scale to, when they differ. */
  roles?: Record<string, number>;
  /** Whether the settings go before the scale (when the new size lies outside the current bounds). */
  settingsFirst: boolean;
  lifecycle?: "hibernate" | "reactivate";
}

const GONE = new Set(["DESTROYING", "DESTROYED"]);
const AWAKE = new Set(["ACTIVE", "SPAWNING", "SCALING_UP", "SCALING_DOWN"]);

/** The steps from `current` back to `target` (revision `n`), or the reason there are none. */
export function rollbackSteps(
  current: ClusterRevisionState,
  target: ClusterRevisionState,
  n: number,
): { ok: true; steps: RollbackSteps } | { ok: false; reason: string } {
  if (current.deleted || GONE.has(current.status))
    return { ok: false, reason: "the cluster is destroyed: a destroyed cluster cannot be rolled back" };
  if (target.deleted || GONE.has(target.status))
    return { ok: false, reason: `revision ${n} is the cluster being destroyed; choose an earlier revision` };
  if (target.blueprintRowId !== current.blueprintRowId)
    return {
      ok: false,
      reason: `revision ${n} ran another blueprint version; move the cluster to that version first, then roll back`,
    };
  if (current.status !== "ACTIVE" && current.status !== "HIBERNATED")
    return { ok: false, reason: `the cluster is ${current.status}: roll back once it is ACTIVE or HIBERNATED` };
  const settings: RollbackSteps["settings"] = {};
  for (const field of ["name", "description", "routingStrategy", "minWorkers", "maxWorkers"] as const)
    if (!same(current[field], target[field])) Object.assign(settings, { [field]: target[field] });
  const resize = !same(current.roleTargets, target.roleTargets);
  const wantsAsleep = target.status === "HIBERNATED";
  if (resize && current.status === "HIBERNATED")
    return {
      ok: false,
      reason: `revision ${n} has another size, and the cluster is hibernated: reactivate it first, then roll back`,
    };
  // Roles the target leaves out have none.
  const roles = resize
    ? Object.fromEntries(
        Object.keys({ ...current.roleTargets, ...target.roleTargets }).map((role) => [
          role,
          target.roleTargets[role] ?? 0,
        ]),
      )
    : undefined;
  const lifecycle =
    wantsAsleep && current.status === "ACTIVE"
      ? "hibernate"
      : !wantsAsleep && AWAKE.has(target.status) && current.status === "HIBERNATED"
        ? "reactivate"
        : undefined;
  const settingsFirst = target.targetWorkers < current.minWorkers || target.targetWorkers > current.maxWorkers;
  return {
    ok: true,
    steps: { settings, ...(roles ? { roles } : {}), settingsFirst, ...(lifecycle ? { lifecycle } : {}) },
  };
}
