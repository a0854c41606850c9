/**
 * Which answers of the sign-in endpoints go into the audit log: every sign-in, failed or not,
 * and every password change. Refusals that say nothing about an account (a malformed body, a
 * rate limit) are left out, so nobody can fill the log with them. Passwords are never part of it.
 */
export type AuthAction = "auth.signIn" | "auth.changePassword";

const ACTIONS: Record<string, AuthAction> = {
  "/sign-in/email": "auth.signIn",
  "/change-password": "auth.changePassword",
};

/** The audited action behind a request to Better Auth's endpoints (`path` below /api/auth), if any. */
export function authActionOf(method: string, path: string): AuthAction | null {
  return method.toUpperCase() === "POST" ? (ACTIONS[path] ?? null) : null;
}

const OUTCOMES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  422: "UNPROCESSABLE_CONTENT",
};

/** The outcome to record for an answer with `status`, or null when it is not recorded. */
export function authOutcome(action: AuthAction, status: number, signedIn: boolean): string | null {
  if (status < 300) return "ok";
  if (status === 429 || status === 413) return null;
  const outcome = OUTCOMES[status] ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : `HTTP_${status}`);
  if (action === "auth.signIn") return status === 400 ? null : outcome;
  return signedIn ? outcome : null;
}
