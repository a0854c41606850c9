/**
 * Redis ACL users: created, dropped and listed with the server's own connection, and the
 * check whether that connection may manage them at all (a restricted user on a managed Redis
 * may not; then agents share the server's credentials).
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "../redis";

/** A user's password, in the clear (agents) or as its SHA-256 (producers: only the hash is stored). */
export type AclPassword = { password: string } | { passwordSha256: string };

/** Creates the user or replaces everything it had: `reset` first, so old rules never linger. */
export async function setAclUser(redis: Redis, user: string, password: AclPassword, rules: readonly string[]) {
  const secret = "password" in password ? `>${password.password}` : `#${password.passwordSha256}`;
  await redis.call("ACL", "SETUSER", user, "reset", "on", secret, ...rules);
}

/** Drops the users (their open connections are closed by Redis); unknown names are ignored. */
export async function deleteAclUsers(redis: Redis, users: readonly string[]): Promise<void> {
  if (users.length) await redis.call("ACL", "DELUSER", ...users);
}

export async function listAclUsers(redis: Redis): Promise<string[]> {
  return (await redis.call("ACL", "USERS")) as string[];
}

/** Whether this connection may create and drop ACL users: tried on a throwaway, disabled user. */
export async function canManageAclUsers(redis: Redis): Promise<{ ok: true } | { ok: false; reason: string }> {
  const probe = `myzel-acl-probe-${randomBytes(6).toString("hex")}`;
  try {
    await redis.call("ACL", "WHOAMI");
    await redis.call("ACL", "SETUSER", probe, "reset", "off");
    await deleteAclUsers(redis, [probe]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** `redisUrl` (the server's address) with another user and password. */
export function redisUrlFor(redisUrl: string, user: string, password: string): string {
  const url = new URL(redisUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The address this connection reaches Redis at, as `user` with `password` (what a producer is handed). */
export function redisUrlOf(redis: Redis, user: string, password: string): string {
  const { host, port, tls } = redis.options;
  return redisUrlFor(`${tls ? "rediss" : "redis"}://${host}:${port}`, user, password);
}

/** A new random password (or signing secret). */
export const randomSecret = () => randomBytes(24).toString("base64url");
