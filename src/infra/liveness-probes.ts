/**
 * Liveness probes for Redis and PostgreSQL, each on a small connection of its own. A check on
 * a connection that also carries application traffic waits behind that traffic and measures
 * the queue, not the server: under a burst it times out against a perfectly healthy server.
 *
 * A check resolves "ok" when the server answered, "unreachable" when the connection is refused
 * or broken, "unanswered" when the server replied with an error or is still being connected
 * to — and stays pending while the server does not answer (the caller counts that).
 */

import { Redis } from "ioredis";
import pg from "pg";
import type { ProbeOutcome } from "../domain/healing/liveness";

export interface LivenessProbe {
  check(): Promise<ProbeOutcome>;
  close(): Promise<void>;
}

const REFUSED = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ECONNABORTED"]);
const isRefusal = (error: unknown) => REFUSED.has((error as NodeJS.ErrnoException | undefined)?.code ?? "");

export function redisProbe(url: string): LivenessProbe {
  // No offline queue and no retries: a check never waits for a reconnect, it reports it.
  const connection = new Redis(url, {
    connectionName: "myzel:liveness",
    enableOfflineQueue: false,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => 100,
  });
  let lastError: unknown;
  connection.on("error", (error) => (lastError = error));
  connection.on("ready", () => (lastError = undefined));
  return {
    async check() {
      if (connection.status !== "ready") return isRefusal(lastError) ? "unreachable" : "unanswered";
      return connection.ping().then(
        () => "ok" as const,
        (error: unknown) => (isRefusal(error) || connection.status !== "ready" ? "unreachable" : "unanswered"),
      );
    },
    async close() {
      connection.disconnect();
    },
  };
}

export function postgresProbe(url: string): LivenessProbe {
  let client: pg.Client | undefined;
  const drop = (c: pg.Client) => {
    if (client === c) client = undefined;
    void c.end().catch(() => {});
  };
  return {
    async check() {
      let c = client;
      if (!c) {
        const fresh = new pg.Client({
          connectionString: url,
          connectionTimeoutMillis: 5000,
          application_name: "myzel:liveness",
          keepAlive: true,
        });
        fresh.on("error", () => drop(fresh));
        fresh.on("end", () => drop(fresh));
        c = client = fresh;
        try {
          await fresh.connect();
        } catch (error) {
          drop(fresh);
          return isRefusal(error) ? "unreachable" : "unanswered";
        }
      }
      try {
        await c.query("SELECT 1");
        return "ok";
      } catch (error) {
        drop(c);
        return isRefusal(error) ? "unreachable" : "unanswered";
      }
    },
    async close() {
      if (client) drop(client);
    },
  };
}
