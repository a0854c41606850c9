/**
 * Which namespaces an agent may read and write, from its role's `memory` in the blueprint.
 * Without one, every agent of a cluster reads and writes the cluster's `shared` namespace; a role
 * that names a `namespace` reads and writes it (its default for put and search), and `read` /
 * `write` add more. Writing implies reading.
 */
import { DEFAULT_NAMESPACE, formatNamespaceRef, type NamespaceRef, parseNamespaceRef } from "./names";

/** The `memory` of a blueprint role, as the schema leaves it. */
export interface RoleMemorySpec {
  namespace?: string;
  read?: string[];
  write?: string[];
}

export interface MemoryGrants {
  /** Where put and search go when the caller names no namespace. */
  home: NamespaceRef;
  read: NamespaceRef[];
  write: NamespaceRef[];
}

export function memoryGrants(spec: RoleMemorySpec | undefined | null): MemoryGrants {
  const home = parseNamespaceRef(spec?.namespace ?? DEFAULT_NAMESPACE) ?? { scope: "cluster", name: DEFAULT_NAMESPACE };
  const write = unique([home, ...refs(spec?.write)]);
  const read = unique([...write, ...refs(spec?.read)]);
  return { home, read, write };
}

export type MemoryAccess = "read" | "write";

/** Whether `ref` is among the namespaces granted for `access`. */
export function mayAccess(grants: MemoryGrants, ref: NamespaceRef, access: MemoryAccess): boolean {
  const list = access === "read" ? grants.read : grants.write;
  return list.some((granted) => granted.scope === ref.scope && granted.name === ref.name);
}

/**
 * The namespace a request means: the one it names (checked against the grants), or the role's
 * home. A delegated task may carry a namespace of its parent; it is used only if granted.
 */
export function chooseNamespace(
  grants: MemoryGrants,
  named: string | undefined,
  access: MemoryAccess,
): { ok: true; ref: NamespaceRef } | { ok: false; reason: string } {
  if (named === undefined) return { ok: true, ref: grants.home };
  const ref = parseNamespaceRef(named);
  if (!ref) return { ok: false, reason: `"${named}" is not a namespace name` };
  if (!mayAccess(grants, ref, access)) {
    const allowed = (access === "read" ? grants.read : grants.write).map(formatNamespaceRef).join(", ");
    return { ok: false, reason: `this agent's role may not ${access} "${named}" (it may ${access}: ${allowed})` };
  }
  return { ok: true, ref };
}

/** Every namespace a cluster's roles use: made when the cluster is created. */
export function clusterNamespaces(specs: ReadonlyArray<RoleMemorySpec | undefined | null>): string[] {
  const names = new Set<string>();
  for (const spec of specs) {
    for (const ref of memoryGrants(spec).read) if (ref.scope === "cluster") names.add(ref.name);
  }
  return [...names].sort();
}

function refs(list: readonly string[] | undefined): NamespaceRef[] {
  return (list ?? []).map(parseNamespaceRef).filter((ref): ref is NamespaceRef => ref !== undefined);
}

function unique(list: NamespaceRef[]): NamespaceRef[] {
  const seen = new Set<string>();
  return list.filter((ref) => {
    const id = formatNamespaceRef(ref);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
