/**
 * Providers and model prices (admins define them; everyone signed in may read them): the
 * endpoint, the name of its key's variable and the fleet-wide limits of each provider, with
 * what its limiter holds now; and what each model costs per million tokens.
 */

import { publishModelPrices, removeProvider, saveProvider, toProviderDto } from "../core/providers/provider-records";
import { providerUsage } from "../core/providers/provider-usage";
import type { ModelPrice } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { Redis } from "../infra/redis";
import type { ModelPriceDto, ProviderDto, ProviderInput, ProviderUsageDto } from "../schemas/provider-api";
import { AppError, notFound } from "./app-error";

interface Deps {
  db: Database;
  redis: Redis;
}

async function withUsage(redis: Redis, provider: ProviderDto) {
  const usage: ProviderUsageDto | null = await providerUsage(redis, provider).catch(() => null);
  return { ...provider, usage };
}

export async function listProviders({ db, redis }: Deps) {
  const rows = await db.provider.findMany({ orderBy: { name: "asc" } });
  return { items: await Promise.all(rows.map((row) => withUsage(redis, toProviderDto(row)))) };
}

export async function getProvider({ db, redis }: Deps, name: string) {
  const row = await db.provider.findUnique({ where: { name } });
  if (!row) throw notFound("provider", name);
  return withUsage(redis, toProviderDto(row));
}

export function putProvider({ db, redis }: Deps, input: ProviderInput): Promise<ProviderDto> {
  return saveProvider(db, redis, input);
}

/** Agents whose role names the provider: a provider in use cannot go (their calls would have nowhere to go). */
export async function deleteProvider({ db, redis }: Deps, name: string): Promise<ProviderDto> {
  const row = await db.provider.findUnique({ where: { name } });
  if (!row) throw notFound("provider", name);
  const users = await db.clusterAgent.count({
    where: { spec: { path: ["runtime", "provider"], equals: name }, cluster: { deletedAt: null } },
  });
  if (users > 0)
    throw new AppError(
      "CONFLICT",
      `provider "${name}" is used by ${users} agent${users === 1 ? "" : "s"}: change their blueprints or delete their clusters first`,
    );
  await removeProvider(db, redis, name);
  return toProviderDto(row);
}

function toPriceDto(row: ModelPrice): ModelPriceDto {
  return {
    model: row.model,
    inputPerMillion: row.inputPerMillion,
    outputPerMillion: row.outputPerMillion,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listPrices(db: Database) {
  return { items: (await db.modelPrice.findMany({ orderBy: { model: "asc" } })).map(toPriceDto) };
}

/** Sets a model's price; agents count budgets at it from their next call. */
export async function putPrice(
  deps: { db: Database; redis: Redis },
  input: { model: string; inputPerMillion: number; outputPerMillion: number },
) {
  const { model, ...rates } = input;
  const row = await deps.db.modelPrice.upsert({ where: { model }, create: input, update: rates });
  await publishModelPrices(deps.db, deps.redis);
  return toPriceDto(row);
}

export async function deletePrice(deps: { db: Database; redis: Redis }, model: string) {
  const row = await deps.db.modelPrice.findUnique({ where: { model } });
  if (!row) throw notFound("model price", model);
  await deps.db.modelPrice.deleteMany({ where: { model } });
  await publishModelPrices(deps.db, deps.redis);
  return toPriceDto(row);
}
