/**
 * The one writer of providers: the row in Postgres (the record) and the limits hash in Redis
 * that every agent's limiter reads (rebuilt from the record at start and on every change).
 */
import type { Provider } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";
import { keys } from "../../infra/keys";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";
import type { AgentProvider, ProviderDto, ProviderInput } from "../../schemas/provider-api";

/** The provider a role's runtime names, if any (an agent's stored spec is its blueprint role). */
export function providerNameOf(spec: unknown): string | undefined {
  const runtime = (spec as { runtime?: { type?: unknown; provider?: unknown } } | null)?.runtime;
  return runtime?.type === "llm" && typeof runtime.provider === "string" ? runtime.provider : undefined;
}

export function toProviderDto(row: Provider): ProviderDto {
  return {
    name: row.name,
    baseUrl: row.baseUrl,
    apiKeyEnv: row.apiKeyEnv,
    limits: {
      requestsPerMinute: row.requestsPerMinute,
      tokensPerMinute: row.tokensPerMinute,
      concurrentRequests: row.concurrentRequests,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What an agent is told of its provider at start; undefined when no admin has defined it. */
export async function agentProviderNamed(db: Database, name: string): Promise<AgentProvider | undefined> {
  const row = await db.provider.findUnique({ where: { name } });
  if (!row) return undefined;
  const { baseUrl, apiKeyEnv, limits } = toProviderDto(row);
  return { name, baseUrl, apiKeyEnv, limits };
}

/** Writes the limits agents read; 0 means "no limit", so a limit removed is removed for everyone. */
export async function publishLimits(redis: Redis, provider: ProviderDto): Promise<void> {
  const { requestsPerMinute, tokensPerMinute, concurrentRequests } = provider.limits;
  await redis.hset(keys.providerLimits(provider.name), {
    rpm: requestsPerMinute ?? 0,
    tpm: tokensPerMinute ?? 0,
    concurrency: concurrentRequests ?? 0,
  });
}

/** Creates or replaces a provider, then its limits in Redis. */
export async function saveProvider(db: Database, redis: Redis, input: ProviderInput): Promise<ProviderDto> {
  const data = {
    baseUrl: input.baseUrl,
    apiKeyEnv: input.apiKeyEnv,
    requestsPerMinute: input.limits.requestsPerMinute,
    tokensPerMinute: input.limits.tokensPerMinute,
    concurrentRequests: input.limits.concurrentRequests,
  };
  const row = await db.provider.upsert({
    where: { name: input.name },
    create: { name: input.name, ...data },
    update: data,
  });
  const dto = toProviderDto(row);
  await publishLimits(redis, dto);
  return dto;
}

/** Removes a provider and its limiter's keys. */
export async function removeProvider(db: Database, redis: Redis, name: string): Promise<void> {
  await db.provider.deleteMany({ where: { name } });
  await redis.del(
    keys.providerLimits(name),
    keys.providerState(name),
    keys.providerSlots(name),
    keys.providerWaiting(name),
  );
}

/**
 * The model prices the limiter counts budgets at, written whole (a price removed is removed for
 * every agent): model → "input,output" US dollars per million tokens.
 */
export async function publishModelPrices(db: Database, redis: Redis): Promise<void> {
  const prices = await db.modelPrice.findMany();
  const multi = redis.multi().del(keys.modelPrices);
  if (prices.length)
    multi.hset(
      keys.modelPrices,
      Object.fromEntries(prices.map((p) => [p.model, `${p.inputPerMillion},${p.outputPerMillion}`])),
    );
  await multi.exec();
}

/** Every provider's limits and the model prices written again (a Redis that restarted has lost them). */
export async function publishAllLimits(db: Database, redis: Redis): Promise<void> {
  for (const row of await db.provider.findMany()) await publishLimits(redis, toProviderDto(row));
  await publishModelPrices(db, redis);
}

/** Keeps every provider's limits in Redis while this server runs (at start and whenever Redis is back). */
export function keepProviderLimits(deps: { db: Database; redis: Redis; log: Logger }): () => void {
  const apply = () =>
    void publishAllLimits(deps.db, deps.redis).catch((error: Error) =>
      deps.log.warn({ err: error.message }, "could not write providers' limits to Redis"),
    );
  deps.redis.on("ready", apply);
  if (deps.redis.status === "ready") apply();
  return () => deps.redis.off("ready", apply);
}
