/** Reading tRPC errors: the summary message and the issues the server attaches (path, line, column). */
import { TRPCClientError } from "@trpc/client";
import type { ValidationIssue } from "./api-types";

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

export function errorIssues(error: unknown): ValidationIssue[] {
  if (!(error instanceof TRPCClientError)) return [];
  const issues = (error.data as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as ValidationIssue[]) : [];
}

/**
 * The first message per form field. An issue path like "targetWorkers" or "agents[1].role"
 * belongs to the field named by its first segment.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of errorIssues(error)) {
    const field = issue.path.split(/[.[]/)[0];
    if (field && !(field in fields)) fields[field] = issue.message;
  }
  return fields;
}
