/**
 * The one error type of Myzel's services. Each code maps to one HTTP status (via tRPC's
 * codes); `issues` point at what was wrong, down to a YAML line where there is one.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNPROCESSABLE_CONTENT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS";

export interface Issue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

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

export const notFound = (what: string, id: string) => new AppError("NOT_FOUND", `${what} "${id}" does not exist`);
