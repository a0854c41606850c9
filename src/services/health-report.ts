import type { InfraDeps } from "../core/deps";
import { withTimeout } from "../infra/with-timeout";

/** Public liveness report: each dependency's state and latency, nothing sensitive. */
export async function healthReport(deps: Pick<InfraDeps, "db" | "redis">, role: { leader: boolean }) {
  const [database, redis] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`),
    probe(() => deps.redis.ping()),
  ]);
  const ok = database.status === "up" && redis.status === "up";
  return {
    status: ok ? "ok" : "degraded",
    database,
    redis,
    leader: role.leader,
    uptimeSeconds: Math.round(process.uptime()),
  };
}

async function probe(check: () => Promise<unknown>) {
  const started = performance.now();
  const up = await withTimeout(
    check().then(() => true),
    2_000,
    false,
  );
  return up
    ? { status: "up" as const, latencyMs: Math.round((performance.now() - started) * 10) / 10 }
    : { status: "down" as const, latencyMs: null };
}
