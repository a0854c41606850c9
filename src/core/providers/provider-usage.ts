/** What a provider's limiter holds now, read from Redis for the providers page and task details. */
import { burstOf } from "../../domain/providers/provider-calls";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import type { ProviderDto, ProviderUsageDto } from "../../schemas/provider-api";

/** A waiting entry its agent has not renewed for this long belongs to an agent that is gone. */
const WAITING_STALE_MS = 30_000;

interface WaitingEntry {
  since: number;
  seen: number;
  reason: string;
}

function waitingEntries(raw: Record<string, string>, now: number) {
  return Object.entries(raw)
    .map(([taskId, json]) => ({ taskId, entry: parseEntry(json) }))
    .filter((w): w is { taskId: string; entry: WaitingEntry } => !!w.entry && now - w.entry.seen < WAITING_STALE_MS);
}

function parseEntry(json: string): WaitingEntry | undefined {
  try {
    const value = JSON.parse(json) as Partial<WaitingEntry>;
    return typeof value.since === "number" && typeof value.seen === "number" && typeof value.reason === "string"
      ? (value as WaitingEntry)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function providerUsage(redis: Redis, provider: ProviderDto): Promise<ProviderUsageDto> {
  const { name, limits } = provider;
  const [[seconds, micros], state, inFlight, waiting] = await Promise.all([
    redis.time(),
    redis.hgetall(keys.providerState(name)),
    redis.zcount(keys.providerSlots(name), Date.now(), "+inf"),
    redis.hgetall(keys.providerWaiting(name)),
  ]);
  const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const count = (field: string) => Math.max(0, Math.trunc(Number(state[field] ?? 0)) || 0);
  // A GCRA's clock ahead of now by k intervals means k units of the burst are in use.
  const used = (field: string, perMinute: number | null) => {
    if (!perMinute) return 0;
    const ahead = Math.max(0, Number(state[field] ?? 0) - now);
    return Math.min(1, ahead / (60_000 / perMinute) / burstOf(perMinute));
  };
  const paused = Number(state.paused_until ?? 0);
  return {
    requests: count("requests"),
    tokens: count("tokens"),
    throttled: count("throttled"),
    rejected: count("rejected"),
    inFlight,
    waiting: waitingEntries(waiting, now).map(({ taskId, entry }) => ({
      taskId,
      reason: entry.reason,
      since: new Date(entry.since).toISOString(),
    })),
    pausedUntil: paused > now ? new Date(paused).toISOString() : null,
    requestsUsed: used("request_tat", limits.requestsPerMinute),
    tokensUsed: used("token_tat", limits.tokensPerMinute),
  };
}

/** Whether a task waits for a provider's turn now, and why; null when it does not. */
export async function waitingFor(
  redis: Redis,
  providerNames: readonly string[],
  taskId: string,
): Promise<{ provider: string; reason: string; since: string } | null> {
  const now = Date.now();
  for (const name of providerNames) {
    const json = await redis.hget(keys.providerWaiting(name), taskId);
    const entry = json ? parseEntry(json) : undefined;
    if (entry && now - entry.seen < WAITING_STALE_MS)
      return { provider: name, reason: entry.reason, since: new Date(entry.since).toISOString() };
  }
  return null;
}
