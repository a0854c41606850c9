"use client";
import { parseAsString, parseAsStringLiteral } from "nuqs";
import { CLUSTER_TYPES } from "@/schemas/blueprint";
import { CLUSTER_STATUSES } from "../components/ui/statuses";
import { useFilterParams } from "./use-filter-params";

/** ?status=ACTIVE&type=project&q=…: the clusters list's filters. */
export const clusterFilterParsers = {
  status: parseAsStringLiteral(CLUSTER_STATUSES),
  type: parseAsStringLiteral(CLUSTER_TYPES),
  q: parseAsString.withDefault(""),
};

export function useClusterFilterParams() {
  return useFilterParams(clusterFilterParsers);
}
