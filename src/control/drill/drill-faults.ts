/**
 * The faults a chaos drill injects: SIGKILL or SIGSTOP to an agent process, SIGKILL to one of
 * the drill's runners or to the managed redis-server. Each kill of a runner or Redis starts a
 * watch that measures how long healing took.
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { DrillAction } from "../../domain/drill/drill-plan";
import type { Database } from "../../infra/database/client";
import { isAlive } from "../../infra/embedded/child-service";
import type { EmbeddedRedis } from "../../infra/embedded/redis";
import { watchRedisRecovery, watchRunnerRecovery } from "./drill-observe";
import type { DrillRunner } from "./drill-runners";
import { pickVictim } from "./drill-victims";

export interface FaultContext {
  db: Database;
  embeddedRedis?: EmbeddedRedis;
  /** The runners the drill started (the only ones it kills). */
  runners: () => readonly DrillRunner[];
  note: (kind: string, target: string, detail: string) => void;
  aborted: () => boolean;
}

export class DrillFaults {
  private readonly lastHit = new Map<string, number>();
  /** Agents the drill stopped with SIGSTOP, and when. */
  readonly hung: Array<{ agentId: string; pid: number; at: number }> = [];
  private readonly watchers: Array<Promise<void>> = [];
  readonly recoveries = { runner: [] as number[], redis: [] as number[] };

  constructor(private readonly context: FaultContext) {}

  async inject(clusterId: string, kind: DrillAction["kind"]): Promise<void> {
    const { note } = this.context;
    try {
      if (kind === "kill_agent" || kind === "hang_agent") {
        const victim = await this.nextVictim(clusterId);
        if (!victim) return note(kind, "-", "skipped: no agent of the cluster ran on this host for 5 s");
        this.lastHit.set(victim.agentId, Date.now());
        if (kind === "kill_agent") {
          process.kill(victim.pid, "SIGKILL");
          return note(kind, `agent ${victim.key}`, `SIGKILL to pid ${victim.pid}`);
        }
        process.kill(victim.pid, "SIGSTOP");
        this.hung.push({ agentId: victim.agentId, pid: victim.pid, at: Date.now() });
        return note(kind, `agent ${victim.key}`, `SIGSTOP to pid ${victim.pid}`);
      }
      if (kind === "kill_runner") return await this.killRunner(clusterId);
      return this.killRedis();
    } catch (error) {
      note(kind, "-", `failed: ${(error as Error).message}`);
    }
  }

  /** Whether an agent the drill hung is still alive (not yet noticed and killed). */
  hangsOpen(): boolean {
    return this.hung.some((h) => isAlive(h.pid));
  }

  /** Until every recovery being watched is measured (or given up). */
  async watched(): Promise<void> {
    await Promise.all(this.watchers);
  }

  /**
   * A hung process Myzel did not kill (it should have) is not left behind stopped; only a
   * process still stopped is ours (a pid may have been reused since).
   */
  releaseHung(): void {
    for (const h of this.hung) {
      try {
        if (isStoppedProcess(h.pid)) process.kill(h.pid, "SIGKILL");
      } catch {
        /* gone meanwhile */
      }
    }
  }

  /** A running agent to break; in a small cluster they may all be restarting, so wait a little for one. */
  private async nextVictim(clusterId: string) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const victim = await pickVictim(this.context.db, clusterId, this.lastHit, new Set(this.hung.map((h) => h.pid)));
      if (victim || Date.now() > deadline || this.context.aborted()) return victim;
      await sleep(100);
    }
  }

  private async killRunner(clusterId: string) {
    const { db, note, aborted } = this.context;
    // A runner holding a hung agent is spared: with it dead, nobody could notice the hang the drill measures.
    const hungOn = new Set(
      (
        await db.clusterAgent.findMany({
          where: { id: { in: this.hung.map((h) => h.agentId) } },
          select: { nodeId: true },
        })
      ).map((a) => a.nodeId),
    );
    const running = this.context.runners().filter((r) => r.alive);
    const alive = running.some((r) => !hungOn.has(r.nodeId)) ? running.filter((r) => !hungOn.has(r.nodeId)) : running;
    if (!alive.length) return note("kill_runner", "-", "skipped: the drill starts runners only for its own cluster");
    const hosted = await db.clusterAgent.groupBy({
      by: ["nodeId"],
      where: { clusterId, removedAt: null, nodeId: { in: alive.map((r) => r.nodeId) } },
      _count: true,
    });
    const count = (r: DrillRunner) => hosted.find((h) => h.nodeId === r.nodeId)?._count ?? 0;
    const runner = alive.sort((a, b) => count(b) - count(a))[0]!;
    const agents = await db.clusterAgent.findMany({
      where: { clusterId, removedAt: null, nodeId: runner.nodeId },
      select: { id: true },
    });
    const killedAt = Date.now();
    runner.process.kill("SIGKILL");
    note(
      "kill_runner",
      `runner ${runner.nodeId}`,
      `SIGKILL to pid ${runner.process.pid}; it ran ${agents.length} agents of the cluster`,
    );
    const ids = agents.map((a) => a.id);
    if (ids.length)
      this.watchers.push(
        watchRunnerRecovery(db, runner.nodeId, ids, killedAt, aborted).then((ms) => {
          if (ms !== undefined) this.recoveries.runner.push(ms);
        }),
      );
  }

  private killRedis() {
    const { embeddedRedis, note, db, aborted } = this.context;
    const pid = embeddedRedis?.pid();
    if (!pid)
      return note("restart_redis", "redis-server", "skipped: Redis is not managed by Myzel here (REDIS_URL is set)");
    const killedAt = new Date();
    process.kill(pid, "SIGKILL");
    note("restart_redis", "redis-server", `SIGKILL to pid ${pid}`);
    this.watchers.push(
      watchRedisRecovery(db, killedAt, aborted).then((ms) => {
        if (ms !== undefined) this.recoveries.redis.push(ms);
      }),
    );
  }
}

/** State "T" in /proc: stopped by a signal (what SIGSTOP leaves behind). */
function isStoppedProcess(pid: number): boolean {
  try {
    return /^\d+ \(.*\) T /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
