/**
 * Producers: other programs that push jobs onto clusters' control queues (task, spawn_agent,
 * scale_cluster, …) with a Redis user of their own, limited to adding jobs to the control queues
 * of the clusters an admin allowed. Kept in PostgreSQL, so their users are made again whenever
 * Redis comes back without them; the password is shown once, and only its SHA-256 is kept.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Producer } from "../generated/prisma/client";
import { producerAclRules, producerUserName } from "../infra/acl/acl-rules";
import { deleteAclUsers, randomSecret, redisUrlOf, setAclUser } from "../infra/acl/redis-acl";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import type { Page } from "../schemas/common";
import type { ProducerDto, producerCreateInput } from "../schemas/producer-api";
import { AppError, notFound } from "./app-error";
import { keysetPage, type PageInput } from "./keyset-page";

interface Deps {
  db: Database;
  redis: Redis;
}

export async function createProducer(
  { db, redis }: Deps,
  input: z.infer<typeof producerCreateInput>,
  createdById: string | null,
) {
  const clusterIds = [...new Set(input.clusterIds)];
  const found = await db.cluster.findMany({
    where: { id: { in: clusterIds }, status: { not: "DESTROYED" } },
    select: { id: true },
  });
  const missing = clusterIds.filter((id) => !found.some((c) => c.id === id));
  if (missing.length)
    throw new AppError(
      "NOT_FOUND",
      `no cluster ${missing.map((id) => `"${id}"`).join(", ")}`,
      missing.map((id) => ({ path: `/clusterIds/${input.clusterIds.indexOf(id)}`, message: "no such cluster" })),
    );
  const password = randomSecret();
  const row = await db.producer.create({
    data: { name: input.name, clusterIds, passwordSha256: sha256(password), createdById },
  });
  try {
    await applyUser(redis, row);
  } catch (error) {
    await db.producer.delete({ where: { id: row.id } });
    throw new AppError(
      "CONFLICT",
      `this Myzel's Redis user may not create ACL users (${(error as Error).message}); producers need one that may`,
    );
  }
  return { redisUrl: redisUrlOf(redis, producerUserName(row.id), password), info: toDto(row) };
}

export async function listProducers(db: Database, input: PageInput): Promise<Page<ProducerDto>> {
  return keysetPage(input, "createdAt", {
    fetch: (keyset) => db.producer.findMany({ ...keyset, where: keyset.where }),
    count: () => db.producer.count(),
    toDto,
  });
}

/** Its user is dropped at once (Redis closes its connections); the record stays, marked revoked. */
export async function revokeProducer({ db, redis }: Deps, id: string): Promise<ProducerDto> {
  const existing = await db.producer.findUnique({ where: { id } });
  if (!existing) throw notFound("producer", id);
  const row = await db.producer.update({ where: { id }, data: { revokedAt: existing.revokedAt ?? new Date() } });
  await deleteAclUsers(redis, [producerUserName(id)]);
  return toDto(row);
}

/** Makes every active producer's user (again): at start, and whenever Redis is back (it may have forgotten them). */
export async function applyProducerUsers({ db, redis }: Deps): Promise<number> {
  const rows = await db.producer.findMany({ where: { revokedAt: null } });
  for (const row of rows) await applyUser(redis, row);
  return rows.length;
}

/** Keeps producers' users in Redis while this server runs; returns the function that stops it. */
export function keepProducerUsers(deps: Deps & { log: Logger }): () => void {
  const apply = () =>
    void applyProducerUsers(deps).catch((error: Error) =>
      deps.log.warn({ err: error.message }, "could not create producers' Redis users"),
    );
  deps.redis.on("ready", apply);
  if (deps.redis.status === "ready") apply();
  return () => deps.redis.off("ready", apply);
}

function applyUser(redis: Redis, row: Producer) {
  return setAclUser(
    redis,
    producerUserName(row.id),
    { passwordSha256: row.passwordSha256 },
    producerAclRules(row.clusterIds),
  );
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function toDto(row: Producer): ProducerDto {
  return {
    id: row.id,
    name: row.name,
    user: producerUserName(row.id),
    clusterIds: row.clusterIds,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
