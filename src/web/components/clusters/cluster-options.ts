import type { ClusterFigures } from "../../lib/api-types";
import type { FilterOption } from "../ui/filter-select";

/** The clusters as filter options, by name. */
export function clusterOptions(clusters: ClusterFigures[] | undefined): FilterOption<string>[] {
  return (clusters ?? []).map(({ cluster }) => ({ value: cluster.id, label: cluster.name }));
}
