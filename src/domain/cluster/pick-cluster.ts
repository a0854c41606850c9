/**
 * Which cluster a request that names none means. The original single-cluster design's paths
 * (the compatibility aliases) have no cluster in them: with one cluster that is the one; with
 * several the caller must say which.
 */
export interface ClusterRef {
  id: string;
  name: string;
}

export type ClusterPick =
  | { ok: true; id: string }
  | { ok: false; reason: "none" }
  | { ok: false; reason: "several"; clusters: ClusterRef[] };

/** `named` wins; otherwise the only live cluster. */
export function pickCluster(live: readonly ClusterRef[], named?: string): ClusterPick {
  if (named !== undefined) return { ok: true, id: named };
  if (live.length === 1) return { ok: true, id: live[0]!.id };
  if (!live.length) return { ok: false, reason: "none" };
  return { ok: false, reason: "several", clusters: [...live] };
}
