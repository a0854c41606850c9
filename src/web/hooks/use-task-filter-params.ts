"use client";
import { parseAsString, parseAsStringLiteral } from "nuqs";
import { TASK_STATUSES } from "../components/ui/statuses";
import { parseAsFlag, useFilterParams } from "./use-filter-params";

/** ?q=…&status=FAILED&cluster=<id>&subtasks=1: the tasks list's filters. */
export const taskFilterParsers = {
  q: parseAsString.withDefault(""),
  status: parseAsStringLiteral(TASK_STATUSES),
  cluster: parseAsString,
  subtasks: parseAsFlag,
};

export function useTaskFilterParams() {
  return useFilterParams(taskFilterParsers);
}
