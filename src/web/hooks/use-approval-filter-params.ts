"use client";
import { parseAsString } from "nuqs";
import { useFilterParams } from "./use-filter-params";

/** ?cluster=<id>: the approval queue's filter. */
export const approvalFilterParsers = { cluster: parseAsString };

export function useApprovalFilterParams() {
  return useFilterParams(approvalFilterParsers);
}
