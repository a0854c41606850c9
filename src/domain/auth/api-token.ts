/**
 * API tokens: `myzel_` followed by 32 random bytes (base64url). Only a SHA-256 of the token
 * is stored; a slow hash adds nothing here because the token is random, not chosen by a
 * person, and a fast one lets every API call be checked with one indexed lookup.
 */
import { createHash } from "node:crypto";

export const TOKEN_PREFIX = "myzel_";
const TOKEN_PATTERN = /^myzel_[A-Za-z0-9_-]{43}$/;
/** How much of a token is kept in the clear so people can tell their tokens apart. */
const SHOWN_LENGTH = TOKEN_PREFIX.length + 6;

/** A new token from 32 random bytes (randomness comes from the caller). */
export function formatToken(random: Uint8Array): string {
  if (random.length !== 32) throw new Error("an API token needs 32 random bytes");
  return `${TOKEN_PREFIX}${Buffer.from(random).toString("base64url")}`;
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function shownPrefix(token: string): string {
  return token.slice(0, SHOWN_LENGTH);
}

/** The bearer token of an `Authorization` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

export type TokenState = "active" | "expired" | "revoked";

export function tokenState(token: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): TokenState {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** `lastUsedAt` is written at most once per interval, so busy clients do not write on every call. */
export function shouldRecordUse(lastUsedAt: Date | null, now: Date, intervalMs: number): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= intervalMs;
}
