/**
 * What `myzel` exits with, so scripts can tell a typo from a refusal from a server that is down.
 * The table is printed by `myzel --help` and in the README; codes never change meaning.
 */
export const EXIT = {
  ok: 0,
  /** The command ran, and what it reports failed: a task FAILED, a drill lost tasks. */
  failed: 1,
  /** Bad arguments or options (unknown command, missing argument, not a number). */
  usage: 2,
  /** Not signed in, a token that is revoked or unknown, or a role too small for the command. */
  auth: 3,
  notFound: 4,
  /** The state forbids it now: a cluster still scaling, a name taken, a version that changed. */
  conflict: 5,
  /** The server refused the input: each issue is printed with where it is. */
  validation: 6,
  /** The server failed (5xx) or answered something the client could not read. */
  server: 7,
  /** No answer: the server is not running at that URL, or the network is down. */
  unreachable: 8,
  /** A wait ran out before the thing waited for happened. */
  timeout: 9,
  /** Too many requests: try again later. */
  rateLimited: 10,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0  ok                     6  the server refused the input (issues are printed)
  1  what was asked failed  7  server error
  2  usage                  8  server unreachable
  3  sign-in or role        9  a wait timed out
  4  not found             10  rate limited
  5  conflict with the current state`;

/** The tRPC error codes the server answers with (error.data.code), mapped to an exit code. */
const BY_TRPC_CODE: Record<string, ExitCode> = {
  UNAUTHORIZED: EXIT.auth,
  FORBIDDEN: EXIT.auth,
  NOT_FOUND: EXIT.notFound,
  CONFLICT: EXIT.conflict,
  PRECONDITION_FAILED: EXIT.conflict,
  BAD_REQUEST: EXIT.validation,
  UNPROCESSABLE_CONTENT: EXIT.validation,
  PAYLOAD_TOO_LARGE: EXIT.validation,
  TOO_MANY_REQUESTS: EXIT.rateLimited,
  TIMEOUT: EXIT.timeout,
};

/** What a failed call looks like to the exit code: the server's code, its HTTP status, or no answer. */
export interface CallFailure {
  code?: string;
  httpStatus?: number;
  /** True when no HTTP answer came (connection refused, DNS, reset). */
  noAnswer?: boolean;
}

export function exitCodeOfFailure(failure: CallFailure): ExitCode {
  if (failure.noAnswer) return EXIT.unreachable;
  const byCode = failure.code ? BY_TRPC_CODE[failure.code] : undefined;
  if (byCode !== undefined) return byCode;
  if (failure.httpStatus === 401 || failure.httpStatus === 403) return EXIT.auth;
  if (failure.httpStatus === 404) return EXIT.notFound;
  if (failure.httpStatus === 409 || failure.httpStatus === 412) return EXIT.conflict;
  if (failure.httpStatus === 429) return EXIT.rateLimited;
  if (failure.httpStatus !== undefined && failure.httpStatus >= 400 && failure.httpStatus < 500) return EXIT.validation;
  return EXIT.server;
}
