/**
 * The infrastructure agent (self-healing-cluster.md): watches this node's CPU, memory and
 * disk, Redis and PostgreSQL, and heals what it finds by the rules of
 * domain/healing/infra-rules. Redis and the database are checked every second (a dead
 * redis-server is restarted at once); the system sample is taken less often. Only the
 * leader acts on its own; `heal()` runs every check now for the heal button and the API,
 * with a dry run that says what it would do.
 */
import si from "systeminformation";
import type { Settings } from "../env";
import { episodeContinues } from "../domain/healing/health-levels";
import { diagnose, type Finding, type HealAction, type InfraSample } from "../domain/healing/infra-rules";
import type { Database } from "../infra/database/client";
import type { EventPublisher } from "../infra/events";
import type { EmbeddedRedis } from "../infra/embedded/redis";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import { withTimeout } from "../infra/with-timeout";
import type { Dispatcher } from "./dispatcher";
import { applyFindings, type ActionResult } from "./apply-findings";
import { runHealAction } from "./heal-actions";
import type { HealingLog } from "./healing-log";

interface Deps {
  db: Database;
  redis: Redis;
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
  private timers: NodeJS.Timeout[] = [];
  private lastSample?: Omit<InfraSample, "redisUp" | "databaseUp" | "redisManaged">;
  private healing = false;
  private stopped = false;
  /** Findings with nothing to do (high CPU) that are on record already: reported once per episode, not every sample. */
  private readonly reported = new Set<string>();

  constructor(private readonly deps: Deps) {}

  start(): void {
    this.timers.push(setInterval(() => void this.watchServices(), this.deps.settings.INFRA_CHECK_INTERVAL_MS));
    this.timers.push(setInterval(() => void this.watchSystem(), this.deps.settings.INFRA_SAMPLE_INTERVAL_MS));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
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
        detail: findings.length ? findings.map((f) => f.detail).join("; ") : `all checks passed (CPU ${sample.cpuPercent.toFixed(0)} %, memory ${sample.memoryPercent.toFixed(0)} %, disk ${sample.diskPercent.toFixed(0)} %)`,
        action: actions.length ? actions.join(", ") : "nothing to heal",
        outcome: report.findings.some((f) => f.results.some((r) => r.outcome === "failed")) ? "failed" : "ok",
        durationMs: Date.now() - started,
      });
    }
    return { ...report, sample };
  }

  /** The latest system sample (taken now if there is none yet) with Redis and the database checked now. */
  current(): Promise<InfraSample> {
    return this.sample(false);
  }

  /** A fresh sample of this node and the services, for reports. */
  sampleNow(): Promise<InfraSample> {
    return this.sample(true);
  }

  private thresholds() {
    const s = this.deps.settings;
    return { cpuWarningPercent: s.CPU_WARNING_PERCENT, memoryCriticalPercent: s.MEMORY_CRITICAL_PERCENT, diskCriticalPercent: s.DISK_CRITICAL_PERCENT };
  }

  private async apply(findings: Finding[], options: { actor: string; dryRun: boolean }): Promise<Omit<HealReport, "sample">> {
    const applied = await applyFindings<HealAction, Finding>(findings, { dryRun: options.dryRun, plan: (action) => `would run ${action}`, run: (action) => runHealAction(this.deps, action) });
    return { dryRun: options.dryRun, findings: applied };
  }

  /** Redis and PostgreSQL, every second: a dead managed redis-server is restarted at once. */
  private async watchServices(): Promise<void> {
    // Not only the leader: the server that started the redis-server is the only one that can
    // restart it, and without Redis no one can prove to be leader.
    if (this.stopped || !this.deps.embeddedRedis || this.healing) return;
    const redisUp = await this.redisUp();
    if (redisUp || !this.deps.embeddedRedis) return;
    this.healing = true;
    try {
      const detectedAt = Date.now();
      const [finding] = diagnose({ cpuPercent: 0, memoryPercent: 0, diskPercent: 0, redisUp: false, redisManaged: true, databaseUp: true }, this.thresholds());
      const report = await this.apply([finding!], { actor: "auto", dryRun: false });
      const result = report.findings[0]!.results[0]!;
      await this.deps.healingLog.record({ kind: "redis_down", severity: "critical", subject: "redis-server", detail: finding!.detail, action: result.detail, outcome: result.outcome === "ok" ? "ok" : "failed", durationMs: Date.now() - detectedAt });
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
    const { redisManaged: _managed, ...figures } = sample;
    await this.deps.events.publish({ type: "system.sample", at: new Date().toISOString(), nodeId: this.deps.nodeId, ...figures }).catch(() => {});
    const findings = diagnose(sample, this.thresholds()).filter((f) => f.kind !== "redis_down" && f.kind !== "database_down");
    for (const kind of this.reported) if (!episodeContinues(kind, sample, this.thresholds())) this.reported.delete(kind);
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
        outcome: results.some((r) => r.outcome === "failed") ? "failed" : "ok",
        durationMs: Date.now() - started,
      });
    }
  }

  private async sample(fresh: boolean): Promise<InfraSample> {
    if (fresh || !this.lastSample) {
      const [load, memory, disks] = await Promise.all([si.currentLoad(), si.mem(), si.fsSize()]);
      const dataDisk = disks.filter((d) => this.deps.settings.dataDir.startsWith(d.mount)).sort((a, b) => b.mount.length - a.mount.length)[0] ?? disks[0];
      this.lastSample = { cpuPercent: load.currentLoad, memoryPercent: (memory.active / memory.total) * 100, diskPercent: dataDisk?.use ?? 0 };
    }
    const [redisUp, databaseUp] = await Promise.all([this.redisUp(), this.databaseUp()]);
    return { ...this.lastSample, redisUp, databaseUp, redisManaged: !!this.deps.embeddedRedis };
  }

  private async redisUp(): Promise<boolean> {
    if (this.deps.embeddedRedis && !this.deps.embeddedRedis.running()) return false;
    return withTimeout(this.deps.redis.ping().then(() => true), 1000, false);
  }

  private databaseUp(): Promise<boolean> {
    return withTimeout(this.deps.db.$queryRaw`SELECT 1`.then(() => true), 2000, false);
  }
}
