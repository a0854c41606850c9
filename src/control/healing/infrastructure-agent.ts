/**
 * The infrastructure agent (self-healing-cluster.md): watches this node's CPU, memory and
 * disk, Redis and PostgreSQL, and heals what it finds by the rules of
 * domain/healing/infra-rules. Redis and the database are checked every second, each on a
 * connection of its own (service-watch, domain/healing/liveness): slow is reported, never
 * restarted; a managed redis-server that exits is restarted the moment its exit is seen.
 * The system sample is taken less often. Only the leader acts on the system sample; `heal()`
 * runs every check now for the heal button and the API, with a dry run that says what it would do.
 */
import si from "systeminformation";
import { every, type Loop } from "../../core/every";
import type { HealingLog } from "../../core/logs/healing-log";
import type { Dispatcher } from "../../core/tasks/dispatcher";
import { episodeContinues } from "../../domain/healing/health-levels";
import {
  diagnose,
  type Finding,
  type HealAction,
  type InfraSample,
  serviceFields,
} from "../../domain/healing/infra-rules";
import type { Verdict } from "../../domain/healing/liveness";
import type { Settings } from "../../env";
import type { BusPublisher } from "../../infra/bus";
import type { Database } from "../../infra/database/client";
import type { EmbeddedRedis } from "../../infra/embedded/redis";
import type { EventPublisher } from "../../infra/events";
import { postgresProbe, redisProbe } from "../../infra/liveness-probes";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";
import { type ActionResult, applyFindings } from "./apply-findings";
import { runHealAction } from "./heal-actions";
import { ServiceWatch } from "./service-watch";

interface Deps {
  db: Database;
  redis: Redis;
  bus: BusPublisher;
  /** The services' addresses: each is watched on a connection of its own. */
  redisUrl: string;
  databaseUrl: string;
  settings: Settings;
  log: Logger;
  dispatcher: Dispatcher;
  healingLog: HealingLog;
  events: EventPublisher;
  nodeId: string;
  lease: { isLeader: boolean };
  embeddedRedis?: EmbeddedRedis;
}

export interface HealReport {
  dryRun: boolean;
  sample: InfraSample;
  findings: Array<Finding & { results: ActionResult<HealAction>[] }>;
}

export class InfrastructureAgent {
  private loops: Loop[] = [];
  private lastSample?: Pick<InfraSample, "cpuPercent" | "memoryPercent" | "diskPercent">;
  private healing = false;
  private stopped = false;
  private redisWatch?: ServiceWatch;
  private databaseWatch?: ServiceWatch;
  /** The status of each service last reported, so an episode is recorded once. */
  private readonly reportedStatus = new Map<"redis" | "database", Verdict["status"]>();
  private unsubscribeExit?: () => void;
  /** Findings with nothing to do (high CPU) that are on record already: reported once per episode, not every sample. */
  private readonly reported = new Set<string>();

  constructor(private readonly deps: Deps) {}

  start(): void {
    const s = this.deps.settings;
    const policy = {
      failures: s.INFRA_FAILURES,
      windowMs: s.INFRA_FAILURE_WINDOW_MS,
      unresponsiveMs: s.INFRA_UNRESPONSIVE_MS,
    };
    const embedded = this.deps.embeddedRedis;
    this.redisWatch = new ServiceWatch(redisProbe(this.deps.redisUrl), policy, () =>
      embedded ? { managed: true, alive: embedded.running() } : { managed: false },
    );
    // The embedded PostgreSQL is not restarted by Myzel: to the healer it is observed only.
    this.databaseWatch = new ServiceWatch(postgresProbe(this.deps.databaseUrl), policy, () => ({ managed: false }));
    this.unsubscribeExit = embedded?.onExit(() => void this.judgeServices());
    const log = this.deps.log;
    this.loops = [
      every(s.INFRA_CHECK_INTERVAL_MS, () => this.watchServices(), { log, name: "service watch" }),
      every(s.INFRA_SAMPLE_INTERVAL_MS, () => this.watchSystem(), { log, name: "system watch" }),
    ];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeExit?.();
    await Promise.all(this.loops.map((loop) => loop.stop()));
    void this.redisWatch?.close();
    void this.databaseWatch?.close();
  }

  /** Every check now; heals what it finds unless `dryRun`. Always recorded when asked by a person or an app. */
  async heal(options: { actor: string; dryRun: boolean }): Promise<HealReport> {
    const started = Date.now();
    const sample = await this.sample(true);
    const findings = diagnose(sample, this.thresholds());
    const report = await this.apply(findings, options);
    if (!options.dryRun) {
      const actions = report.findings.flatMap((f) => f.results.map((r) => `${r.action}: ${r.outcome}`));
      await this.deps.healingLog.record({
        kind: "manual_heal",
        severity: "info",
        subject: "all checks",
        actor: options.actor,
        detail: findings.length
          ? findings.map((f) => f.detail).join("; ")
          : `all checks passed (CPU ${sample.cpuPercent.toFixed(0)} %, memory ${sample.memoryPercent.toFixed(0)} %, disk ${sample.diskPercent.toFixed(0)} %)`,
        action: actions.length ? actions.join(", ") : "nothing to heal",
        response: actions.length ? "acted" : "clear",
        outcome: report.findings.some((f) => f.results.some((r) => r.outcome === "failed")) ? "failed" : "ok",
        durationMs: Date.now() - started,
      });
    }
    return { ...report, sample };
  }

  /** The latest system sample (taken now if there is none yet) with Redis and the database as last judged. */
  current(): Promise<InfraSample> {
    return this.sample(false);
  }

  /** A fresh sample of this node and the services, for reports. */
  sampleNow(): Promise<InfraSample> {
    return this.sample(true);
  }

  private thresholds() {
    const s = this.deps.settings;
    return {
      cpuWarningPercent: s.CPU_WARNING_PERCENT,
      memoryCriticalPercent: s.MEMORY_CRITICAL_PERCENT,
      diskCriticalPercent: s.DISK_CRITICAL_PERCENT,
    };
  }

  private async apply(
    findings: Finding[],
    options: { actor: string; dryRun: boolean },
  ): Promise<Omit<HealReport, "sample">> {
    const run = async (action: HealAction) => {
      const detail = await runHealAction(this.deps, action);
      // A new redis-server: what was observed of the old one says nothing about it.
      if (action === "restart_redis") this.redisWatch?.reset();
      return detail;
    };
    const applied = await applyFindings<HealAction, Finding>(findings, {
      dryRun: options.dryRun,
      plan: (action) => `would run ${action}`,
      run,
    });
    return { dryRun: options.dryRun, findings: applied };
  }

  private verdicts(): { redis: Verdict; database: Verdict } {
    return {
      redis: this.redisWatch?.verdict() ?? { status: "up" },
      database: this.databaseWatch?.verdict() ?? { status: "up" },
    };
  }

  /** Redis and PostgreSQL, every second: one check each on its own connection, then judged. */
  private async watchServices(): Promise<void> {
    if (this.stopped) return;
    this.redisWatch?.check();
    this.databaseWatch?.check();
    await this.judgeServices();
  }

  /** A dead managed redis-server is restarted now; anything else found is reported once per episode. */
  private async judgeServices(): Promise<void> {
    if (this.stopped || this.healing) return;
    const { redis, database } = this.verdicts();
    const sample = {
      cpuPercent: 0,
      memoryPercent: 0,
      diskPercent: 0,
      ...serviceFields(redis, database, !!this.deps.embeddedRedis),
    };
    const findings = diagnose(sample, this.thresholds());
    const dead = findings.find((f) => f.kind === "redis_down" && f.actions.length);
    if (dead) return this.healRedis(dead);
    for (const [service, verdict] of [
      ["redis", redis],
      ["database", database],
    ] as const) {
      if (
        this.reportedStatus.get(service) === verdict.status ||
        (verdict.status === "up" && !this.reportedStatus.has(service))
      )
        continue;
      this.reportedStatus.set(service, verdict.status);
      const finding = findings.find((f) => f.kind === `${service}_${verdict.status}`);
      // The server that manages the redis-server speaks for it; otherwise the leader, so it is said once.
      const speaks = this.deps.lease.isLeader || (service === "redis" && !!this.deps.embeddedRedis);
      if (!finding || !speaks) continue;
      const subject = service === "redis" ? (this.deps.embeddedRedis ? "redis-server" : "Redis") : "PostgreSQL";
      // Not awaited: while Redis is slow, publishing the entry waits for it, and the checks must go on.
      void this.deps.healingLog
        .record({
          kind: finding.kind,
          severity: finding.severity,
          subject,
          detail: finding.detail,
          action: "reported",
          response: "reported",
          outcome: "ok",
        })
        .catch(() => {});
      this.deps.log.warn({ service, detail: finding.detail }, `${service} is ${verdict.status}`);
    }
  }

  private async healRedis(finding: Finding): Promise<void> {
    this.healing = true;
    try {
      const detectedAt = Date.now();
      const report = await this.apply([finding], { actor: "auto", dryRun: false });
      const result = report.findings[0]!.results[0]!;
      this.reportedStatus.delete("redis");
      await this.deps.healingLog.record({
        kind: "redis_down",
        severity: "critical",
        subject: "redis-server",
        detail: finding.detail,
        action: result.detail,
        outcome: result.outcome === "ok" ? "ok" : "failed",
        durationMs: Date.now() - detectedAt,
      });
      this.deps.log.warn({ outcome: result.outcome, detail: result.detail }, "healed: redis-server");
    } finally {
      this.healing = false;
    }
  }

  /** CPU, memory and disk, less often; findings with actions are healed and recorded. */
  private async watchSystem(): Promise<void> {
    if (this.stopped || !this.deps.lease.isLeader || this.healing) return;
    const sample = await this.sample(true).catch(() => undefined);
    if (!sample || this.stopped) return;
    // The overview's system health moves with each sample, pushed like everything else.
    const { redisManaged: _managed, redis: _redis, database: _database, ...figures } = sample;
    await this.deps.events
      .publish({ type: "system.sample", at: new Date().toISOString(), nodeId: this.deps.nodeId, ...figures })
      .catch(() => {});
    // Redis and the database have a watch of their own (watchServices).
    const findings = diagnose(sample, this.thresholds()).filter(
      (f) => !f.kind.startsWith("redis_") && !f.kind.startsWith("database_"),
    );
    for (const kind of this.reported)
      if (!episodeContinues(kind, sample, this.thresholds())) this.reported.delete(kind);
    for (const finding of findings) {
      if (finding.actions.length === 0) {
        if (this.reported.has(finding.kind)) continue;
        this.reported.add(finding.kind);
      }
      const started = Date.now();
      const report = await this.apply([finding], { actor: "auto", dryRun: false });
      const results = report.findings[0]!.results;
      await this.deps.healingLog.record({
        kind: finding.kind,
        severity: finding.severity,
        subject: "this node",
        detail: finding.detail,
        action: results.length ? results.map((r) => r.detail).join("; ") : "reported",
        response: results.length ? "acted" : "reported",
        outcome: results.some((r) => r.outcome === "failed") ? "failed" : "ok",
        durationMs: Date.now() - started,
      });
    }
  }

  private async sample(fresh: boolean): Promise<InfraSample> {
    if (fresh || !this.lastSample) {
      const [load, memory, disks] = await Promise.all([si.currentLoad(), si.mem(), si.fsSize()]);
      const dataDisk =
        disks
          .filter((d) => this.deps.settings.dataDir.startsWith(d.mount))
          .sort((a, b) => b.mount.length - a.mount.length)[0] ?? disks[0];
      this.lastSample = {
        cpuPercent: load.currentLoad,
        memoryPercent: (memory.active / memory.total) * 100,
        diskPercent: dataDisk?.use ?? 0,
      };
    }
    const { redis, database } = this.verdicts();
    return { ...this.lastSample, ...serviceFields(redis, database, !!this.deps.embeddedRedis) };
  }
}
