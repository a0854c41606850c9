/** API tokens for other apps: created by an admin, shown once, stored hashed, revocable. */
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import {
  formatToken,
  hashToken,
  looksLikeToken,
  shouldRecordUse,
  shownPrefix,
  tokenState,
} from "../domain/auth/api-token";
import type { ApiToken } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { Actor, tokenCreateInput, tokenSchema } from "../schemas/auth-api";
import { AppError, notFound } from "./app-error";
import { keysetPage, type PageInput } from "./keyset-page";

/** lastUsedAt is exact to this interval, so a busy client does not write on every call. */
const LAST_USED_INTERVAL_MS = 60_000;

type TokenRow = ApiToken & { createdBy: { email: string } | null };

export async function createToken(
  db: Database,
  input: z.infer<typeof tokenCreateInput>,
  createdById: string | null,
  now = new Date(),
) {
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime())
    throw new AppError("BAD_REQUEST", "expiresAt must be in the future", [
      { path: "/expiresAt", message: "in the past" },
    ]);
  const token = formatToken(randomBytes(32));
  const row = await db.apiToken.create({
    data: {
      name: input.name,
      role: input.role,
      prefix: shownPrefix(token),
      tokenHash: hashToken(token),
      createdById,
      expiresAt,
    },
    include: { createdBy: { select: { email: true } } },
  });
  return { token, info: toTokenDto(row) };
}

export async function listTokens(db: Database, input: PageInput) {
  return keysetPage(input, "createdAt", {
    fetch: (keyset) =>
      db.apiToken.findMany({ ...keyset, where: keyset.where, include: { createdBy: { select: { email: true } } } }),
    count: () => db.apiToken.count(),
    toDto: toTokenDto,
  });
}

export async function revokeToken(db: Database, id: string) {
  const existing = await db.apiToken.findUnique({ where: { id } });
  if (!existing) throw notFound("API token", id);
  const row = await db.apiToken.update({
    where: { id },
    data: { revokedAt: existing.revokedAt ?? new Date() },
    include: { createdBy: { select: { email: true } } },
  });
  return toTokenDto(row);
}

/** The caller a bearer token stands for, or null when it is unknown, revoked or expired. */
export async function actorForToken(db: Database, token: string, now = new Date()): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || tokenState(row, now) !== "active") return null;
  if (shouldRecordUse(row.lastUsedAt, now, LAST_USED_INTERVAL_MS)) {
    // Conditional, so concurrent calls write once; a failure here must not fail the call.
    await db.apiToken
      .updateMany({
        where: {
          id: row.id,
          OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_INTERVAL_MS) } }],
        },
        data: { lastUsedAt: now },
      })
      .catch(() => undefined);
  }
  return { type: "token", id: row.id, name: row.name, role: row.role };
}

function toTokenDto(row: TokenRow): z.infer<typeof tokenSchema> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
