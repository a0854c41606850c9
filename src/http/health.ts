import type { AppDeps } from "../api/trpc";

/** Public liveness report: each dependency's state and latency, nothing sensitive. */
export async function healthReport(deps: Pick<AppDeps, "db" | "redis">, role: { leader: boolean }) {
  const [database, redis] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`),
    probe(() => deps.redis.ping()),
  ]);
  const ok = database.status === "up" && redis.status === "up";
  return { status: ok ? "ok" : "degraded", database, redis, leader: role.leader, uptimeSeconds: Math.round(process.uptime()) };
}

async function probe(check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await withTimeout(check(), 2_000);
    return { status: "up" as const, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { status: "down" as const, latencyMs: null };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
