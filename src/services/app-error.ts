/**
 * The one error type of Myzel's services. Each code maps to one HTTP status (via tRPC's
 * codes); `issues` point at what was wrong, down to a YAML line where there is one.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "UNPROCESSABLE_CONTENT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "FORBIDDEN"
  /** A service Myzel calls on the caller's behalf (the planner's model endpoint) failed. */
  | "BAD_GATEWAY";

/** Where and what, as every layer reports it (schemas/common.ts holds its contract). */
export type { Issue } from "../schemas/common";

import type { Issue } from "../schemas/common";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** An If-Match that names a version the resource no longer has (or never had): 412, nothing changed. */
export const preconditionFailed = (what: string, version: number) =>
  new AppError(
    "PRECONDITION_FAILED",
    `the ${what} has changed: it is at version ${version} (ETag "v${version}") now; read it again and retry`,
    [{ path: "If-Match", message: "names no current version" }],
  );

export const notFound = (what: string, id: string) => new AppError("NOT_FOUND", `${what} "${id}" does not exist`);
