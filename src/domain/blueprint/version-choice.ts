/**
 * Which stored version of a blueprint a request means. Archived versions stay readable (a
 * cluster's page links to the version it runs) but take no new clusters; deleted ones are
 * gone for every purpose, so they are left out before these functions are called.
 */
import { newestFirst } from "./compare-versions";

export interface VersionState {
  version: string;
  archived: boolean;
}

export type VersionChoice =
  | { ok: true; version: string }
  | { ok: false; reason: "no-versions" | "no-such-version" | "archived" | "all-archived"; version?: string };

/**
 * For reading: the version asked for, else the newest one not archived, else the newest.
 * For a new cluster: the version asked for unless archived, else the newest one not archived.
 */
export function chooseVersion(
  versions: readonly VersionState[],
  wanted: string | undefined,
  purpose: "read" | "new-cluster",
): VersionChoice {
  if (!versions.length) return { ok: false, reason: "no-versions" };
  if (wanted !== undefined) {
    const found = versions.find((v) => v.version === wanted);
    if (!found) return { ok: false, reason: "no-such-version", version: wanted };
    if (found.archived && purpose === "new-cluster") return { ok: false, reason: "archived", version: wanted };
    return { ok: true, version: wanted };
  }
  const open = newestFirst(versions.filter((v) => !v.archived).map((v) => v.version))[0];
  if (open !== undefined) return { ok: true, version: open };
  if (purpose === "new-cluster") return { ok: false, reason: "all-archived" };
  return { ok: true, version: newestFirst(versions.map((v) => v.version))[0]! };
}

/** A blueprint shows in lists while any version of it is open, or always when archived ones are asked for. */
export function listed(versions: readonly VersionState[], includeArchived: boolean): boolean {
  return versions.length > 0 && (includeArchived || versions.some((v) => !v.archived));
}
