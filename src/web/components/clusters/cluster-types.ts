import { CLUSTER_TYPES } from "@/schemas/blueprint";
import type { ClusterType } from "../../lib/api-types";

export { CLUSTER_TYPES };

/** Labels of the cluster types; the Record makes the compiler flag a type added on the server. */
export const CLUSTER_TYPE_LABELS: Record<ClusterType, string> = {
  department: "Department",
  project: "Project",
  temporary: "Temporary",
  persistent: "Persistent",
};

export function isClusterType(value: string): value is ClusterType {
  return value in CLUSTER_TYPE_LABELS;
}
