import { Redis } from "ioredis";

export type { Redis };

/** `maxRetriesPerRequest: null` lets commands wait through a Redis restart instead of failing (BullMQ needs it too). */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: `myzel:${name}`, lazyConnect: false });
}

/** Connection options from a redis:// URL, for libraries that own (and close) their connections. */
export function redisOptionsFromUrl(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
