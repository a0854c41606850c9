/**
 * After every step, each cluster's memory holds what the model wrote, whatever happened to the
 * cluster since: hibernated and reactivated, its agents killed, its runner lost — and once it
 * is destroyed, archived (read-only, with a purge date) but still whole.
 */
import type { MemoryNamespaceDto, MemoryValueDto } from "../../src/schemas/memory-api";
import type { Api } from "./api";
import { InvariantError } from "./checks";
import type { LifecycleModel } from "./model";

export async function checkMemory(api: Api, model: LifecycleModel): Promise<void> {
  for (const c of model.clusters) {
    const id = c.memory.namespaceId;
    if (!id) continue;
    const where = `the memory of ${c.name} (${c.status})`;
    const ns = await api.read<MemoryNamespaceDto>(`/api/memory/namespaces/${id}`);
    const archived = ns.archivedAt !== null && ns.purgeAfter !== null;
    if (archived !== (c.status === "DESTROYED"))
      throw new InvariantError(
        "memory-archived-with-its-cluster",
        `${where}: expected ${c.status === "DESTROYED" ? "archived with a purge date" : "not archived"}; observed archivedAt ${ns.archivedAt}, purgeAfter ${ns.purgeAfter}`,
      );
    if (ns.documents !== c.memory.documents.size)
      throw new InvariantError(
        "memory-kept",
        `${where}: expected ${c.memory.documents.size} documents, observed ${ns.documents}`,
      );
    const { items } = await api.read<{ items: MemoryValueDto[] }>(`/api/memory/namespaces/${id}/values?limit=1000`);
    const observed = Object.fromEntries(items.map((v) => [v.key, { value: v.value, version: v.version }]));
    const expected = Object.fromEntries(c.memory.values);
    if (canonical(observed) !== canonical(expected))
      throw new InvariantError(
        "memory-kept",
        `${where}: expected values ${canonical(expected)}; observed ${canonical(observed)}`,
      );
  }
}

/** JSON with every object's keys in order: PostgreSQL's jsonb keeps no key order of its own. */
function canonical(value: unknown): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, inner]) => [k, sortKeys(inner)]),
          )
        : v;
  return JSON.stringify(sortKeys(value));
}
