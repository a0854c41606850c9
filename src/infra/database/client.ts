import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";

export type Database = PrismaClient;

/**
 * How long a connection and a query may wait on PostgreSQL. Without bounds a partitioned link
 * (packets dropped, no reset) holds every request until TCP gives up, minutes later; with them
 * the request fails, is answered 503 with Retry-After, and the pool connects afresh once the
 * link is back.
 */
export interface DatabaseTimeouts {
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectTimeoutMs: 5000, queryTimeoutMs: 30_000 };

export function createDatabase(url: string, timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS): Database {
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString: url,
      max: 20,
      connectionTimeoutMillis: timeouts.connectTimeoutMs,
      query_timeout: timeouts.queryTimeoutMs,
      // Dead peers are noticed by the kernel too, not only by the next query.
      keepAlive: true,
    }),
  });
}
