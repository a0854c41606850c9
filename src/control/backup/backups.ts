/**
 * Runs backups in the background, one at a time across all servers (a lock in Redis that its
 * holder renews), on request and on the MYZEL_BACKUP_SCHEDULE cron (leader only), applying the
 * retention count after each. A backup left RUNNING by a server that died is failed with a reason.
 */
import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import type { CoreDeps } from "../../core/deps";
import { pruneWalArchive, walArchiveBytes } from "../../infra/backup/wal-archive";
import { keys } from "../../infra/keys";
import type { BackupDto, BackupVerifyResult } from "../../schemas/backup-api";
import { AppError } from "../../services/app-error";
import { applyRetention, getBackup, toBackupDto } from "../../services/backup-records";
import { verifyArchive } from "../../services/backup-verify";
import { backupFolder, writeBackup } from "../../services/backup-writer";
import type { LeaderLease } from "../leader-lease";

const LOCK_MS = 30_000;

export type BackupsDeps = Pick<CoreDeps, "db" | "redis" | "settings" | "log"> & {
  databaseUrl: string;
  redisUrl: string;
  lease: LeaderLease;
};

export class Backups {
  private cron?: Cron;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: BackupsDeps) {}

  start(): void {
    const { settings, log } = this.deps;
    // A backup this or another server was writing when it stopped will never finish: say so now.
    void this.failAbandoned().catch((error: Error) =>
      log.warn({ err: error.message }, "could not check for abandoned backups"),
    );
    if (!settings.BACKUP_SCHEDULE) return;
    this.cron = new Cron(settings.BACKUP_SCHEDULE, { protect: true }, async () => {
      if (!this.deps.lease.isLeader) return;
      await this.start_("schedule", "schedule").catch((error: Error) =>
        log.warn({ err: error.message }, "scheduled backup not started"),
      );
    });
  }

  async stop(): Promise<void> {
    this.cron?.stop();
    await Promise.allSettled([...this.running]);
  }

  settings() {
    const { settings } = this.deps;
    return {
      folder: backupFolder(settings),
      schedule: settings.BACKUP_SCHEDULE ?? null,
      nextRunAt: this.cron?.nextRun()?.toISOString() ?? null,
      retain: settings.BACKUP_RETAIN,
      walArchiving: !settings.DATABASE_URL && settings.WAL_ARCHIVE,
      walArchiveBytes: settings.DATABASE_URL ? null : walArchiveBytes(settings.dataDir),
      walArchiveMaxBytes: settings.WAL_ARCHIVE_MAX_MB * 1024 * 1024,
    };
  }

  /** Starts a backup and answers at once with its record; the archive is written in the background. */
  begin(actor: string): Promise<BackupDto> {
    return this.start_("manual", actor);
  }

  private async start_(trigger: "manual" | "schedule", actor: string): Promise<BackupDto> {
    const { db, redis } = this.deps;
    const id = randomUUID();
    const locked = await redis.set(keys.backupLock, id, "PX", LOCK_MS, "NX");
    if (!locked)
      throw new AppError(
        "CONFLICT",
        `a backup is already running (${await redis.get(keys.backupLock)}); one at a time`,
      );
    await this.failAbandoned();
    const row = await db.backup.create({ data: { id, trigger, createdBy: actor } });
    const run = this.run(row.id).finally(() => this.running.delete(run));
    this.running.add(run);
    return toBackupDto(row);
  }

  private async run(id: string): Promise<void> {
    const { db, redis, settings, log } = this.deps;
    const renew = setInterval(() => void redis.set(keys.backupLock, id, "PX", LOCK_MS).catch(() => {}), LOCK_MS / 3);
    try {
      const written = await writeBackup(this.deps, id, async (phase, progress) => {
        await db.backup.update({ where: { id }, data: { phase, progress } });
      });
      await db.backup.update({
        where: { id },
        data: {
          status: "VERIFIED",
          phase: "done",
          progress: 100,
          file: written.file,
          sizeBytes: BigInt(written.sizeBytes),
          manifest: written.manifest,
          finishedAt: new Date(),
        },
      });
      log.info({ id, file: written.file, bytes: written.sizeBytes }, "backup written and verified");
      const dropped = await applyRetention(db, settings.BACKUP_RETAIN);
      if (dropped.length) log.info({ dropped }, "old backups removed (MYZEL_BACKUP_RETAIN)");
      if (!settings.DATABASE_URL) pruneWalArchive(settings.dataDir, settings.WAL_ARCHIVE_MAX_MB * 1024 * 1024);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ id, err: message }, "backup failed");
      await db.backup
        .update({ where: { id }, data: { status: "FAILED", error: message.slice(0, 4000), finishedAt: new Date() } })
        .catch(() => {});
    } finally {
      clearInterval(renew);
      await redis
        .eval(
          `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`,
          1,
          keys.backupLock,
          id,
        )
        .catch(() => {});
    }
  }

  /** A RUNNING backup whose lock is gone was being written by a server that stopped. */
  private async failAbandoned(): Promise<void> {
    const holder = await this.deps.redis.get(keys.backupLock);
    await this.deps.db.backup.updateMany({
      where: { status: "RUNNING", ...(holder ? { id: { not: holder } } : {}) },
      data: {
        status: "FAILED",
        error: "the server writing this backup stopped before it finished",
        finishedAt: new Date(),
      },
    });
  }

  async verify(id: string): Promise<BackupVerifyResult> {
    const row = await getBackup(this.deps.db, id);
    if (row.status === "RUNNING")
      throw new AppError("CONFLICT", "the backup is still being written; verify it once it is done");
    const result = row.file
      ? await verifyArchive(row.file, this.deps.settings.POSTGRES_BIN_DIR)
      : { ok: false as const, problems: [row.error ?? "the backup has no archive"] };
    return { id, ok: result.ok, problems: result.ok ? [] : result.problems, checkedAt: new Date().toISOString() };
  }
}
