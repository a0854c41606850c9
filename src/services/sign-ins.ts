/**
 * Sign-ins beside what Better Auth does itself: a limit of failed sign-ins per account (from
 * any address, so a guesser spread over many addresses is slowed too), and the audit entries
 * of sign-ins and password changes. Accounts are counted under a hash of the email address,
 * so Redis holds no addresses; passwords are never recorded anywhere.
 */
import { createHash } from "node:crypto";
import type { CoreDeps } from "../core/deps";
import { type AuthAction, authOutcome } from "../domain/auth/auth-audit";
import { consumeAttempt, forgetAttempts, refundAttempt } from "../infra/auth/rate-limit-store";
import type { Actor } from "../schemas/auth-api";
import { recordAudit } from "./audit-log";

type Deps = Pick<CoreDeps, "db" | "redis" | "settings">;

const accountKey = (email: string) =>
  `sign-in-account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;

/** Counts a sign-in to `email`; the seconds to wait when its account has failed too often, else null. */
export function reserveSignIn(deps: Deps, email: string): Promise<number | null> {
  const { SIGN_IN_ACCOUNT_WINDOW_SECONDS: window, SIGN_IN_ACCOUNT_FAILURES: max } = deps.settings;
  return consumeAttempt(deps.redis, accountKey(email), { window, max });
}

/** Settles a counted sign-in: a success starts the account afresh, a failure stays counted, anything else is taken back. */
export async function settleSignIn(deps: Deps, email: string, status: number): Promise<void> {
  if (status < 300) await forgetAttempts(deps.redis, accountKey(email));
  else if (status !== 401 && status !== 403) await refundAttempt(deps.redis, accountKey(email));
}

export interface AuthEvent {
  action: AuthAction;
  status: number;
  actor: Actor | null;
  /** The account a sign-in named (lowercased), or the user whose password changed. */
  target: string | null;
  client: { ip: string | null; userAgent: string | null };
}

export async function recordAuthEvent(deps: Pick<CoreDeps, "db">, event: AuthEvent): Promise<void> {
  const outcome = authOutcome(event.action, event.status, event.actor !== null);
  if (outcome === null) return;
  await recordAudit(deps.db, {
    actor: event.actor,
    action: event.action,
    target: event.target?.slice(0, 320) ?? null,
    ip: event.client.ip,
    userAgent: event.client.userAgent,
    outcome,
  });
}
