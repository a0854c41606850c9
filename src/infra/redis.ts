import { Redis } from "ioredis";

export type { Redis };

/** `maxRetriesPerRequest: null` lets commands wait through a Redis restart instead of failing (BullMQ needs it too). */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: `myzel:${name}`, lazyConnect: false });
}
