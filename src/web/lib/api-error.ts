/**
 * Reading tRPC errors in one place: the code and HTTP status the server sends, the summary
 * message, and the issues it attaches (path, line, column). Components ask these helpers
 * instead of digging in `error.data` or matching message text.
 */
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/api/root";
import { pointerSegments } from "@/domain/input/json-pointer";
import type { ValidationIssue } from "./api-types";

type ApiErrorData = NonNullable<TRPCClientError<AppRouter>["data"]>;
/** NOT_FOUND, BAD_REQUEST, FORBIDDEN, CONFLICT, …: the codes of tRPC, as the server's error shape types them. */
export type ApiErrorCode = ApiErrorData["code"];

function dataOf(error: unknown): ApiErrorData | undefined {
  return error instanceof TRPCClientError ? ((error as TRPCClientError<AppRouter>).data ?? undefined) : undefined;
}

export function errorCode(error: unknown): ApiErrorCode | undefined {
  return dataOf(error)?.code;
}

/** Whether the server answered with one of these codes. */
export function hasErrorCode(error: unknown, ...codes: ApiErrorCode[]): boolean {
  const code = errorCode(error);
  return code !== undefined && codes.includes(code);
}

export function httpStatusOf(error: unknown): number | undefined {
  return dataOf(error)?.httpStatus;
}

/** A page's subject is not there: unknown, or its id in the link is not an id at all (refused as BAD_REQUEST). */
export function isMissing(error: unknown): boolean {
  return hasErrorCode(error, "NOT_FOUND", "BAD_REQUEST");
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

export function errorIssues(error: unknown): ValidationIssue[] {
  const issues: unknown = dataOf(error)?.issues;
  return Array.isArray(issues) ? (issues as ValidationIssue[]) : [];
}

/**
 * The first message per form field. An issue's JSON Pointer like "/targetWorkers" or
 * "/agents/1/role" belongs to the field named by its first segment.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of errorIssues(error)) {
    const [field] = pointerSegments(issue.path);
    if (field && !(field in fields)) fields[field] = issue.message;
  }
  return fields;
}

/** The server's messages for the fields a form shows, to place under them (react-hook-form's setError). */
export function serverFieldErrors<F extends string>(error: unknown, fields: readonly F[]): Array<[F, string]> {
  const messages = fieldErrors(error);
  return fields.flatMap((field) => (messages[field] ? [[field, messages[field]] as [F, string]] : []));
}
