import type { ClusterType } from "../../lib/api-types";

/** Labels of the cluster types; the Record makes the compiler flag a type added on the server. */
export const CLUSTER_TYPE_LABELS: Record<ClusterType, string> = {
  department: "Department",
  project: "Project",
  temporary: "Temporary",
  persistent: "Persistent",
};

export const CLUSTER_TYPES = Object.keys(CLUSTER_TYPE_LABELS) as ClusterType[];

export function isClusterType(value: string): value is ClusterType {
  return value in CLUSTER_TYPE_LABELS;
}
