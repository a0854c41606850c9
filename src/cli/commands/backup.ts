/**
 * `myzel backup create|list|verify|restore`. Creating, listing and verifying go through the
 * API (an admin's token); restoring runs on the host with no server on the target, since it
 * builds the data folder or fills the empty database the server will start on.
 *
 *   myzel backup create [--no-wait]                 starts a backup; follows its progress to the end
 *   myzel backup list [--limit N]
 *   myzel backup verify <id> | --file <archive>     checks sizes, SHA-256 and pg_restore --list
 *   myzel backup restore <archive> --data-dir DIR [--blueprints-dir DIR] [--database-url URL]
 *                        [--to-time ISO --wal-archive DIR]
 */
import { setTimeout as delay } from "node:timers/promises";
import { Command, InvalidArgumentError } from "commander";
import type { MyzelClient } from "../../client";
import type { BackupDto } from "../../schemas/backup-api";
import { createLogger, restoreBackup, verifyArchive } from "../offline/backup-files";

type Out = Pick<Console, "log" | "error">;

const size = (bytes: number | null) => (bytes === null ? "-" : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const line = (b: BackupDto) =>
  `${b.id}  ${b.status.padEnd(8)}  ${b.startedAt}  ${size(b.sizeBytes).padStart(10)}  ${b.trigger.padEnd(8)}  ${b.file ?? b.error ?? `${b.phase} ${b.progress}%`}`;

function isoTime(value: string): Date | "latest" {
  if (value === "latest") return "latest";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError("expected a time such as 2026-12-01T10:15:00Z");
  return date;
}

/** The `backup` command, given the typed client (or a function that makes it when a command needs it). */
export function backupCommand(client: MyzelClient | (() => MyzelClient), out: Out = console): Command {
  const api = () => (typeof client === "function" ? client() : client);
  const command = new Command("backup").description("back up Myzel, check backups, and restore one");

  command
    .command("create")
    .description("start a backup and follow its progress until it is verified or failed")
    .option("--no-wait", "answer once it has started")
    .action(async (options: { wait: boolean }) => {
      let backup = await api().backups.create.mutate({});
      out.log(`Backup ${backup.id} started.`);
      let shown = "";
      while (options.wait && backup.status === "RUNNING") {
        await delay(500);
        backup = await api().backups.get.query({ id: backup.id });
        const now = `${backup.phase} ${backup.progress}%`;
        if (now !== shown) out.log(`  ${now}`);
        shown = now;
      }
      if (backup.status === "FAILED") {
        out.error(`Backup ${backup.id} failed: ${backup.error}`);
        process.exitCode = 1;
      } else if (backup.status === "VERIFIED") out.log(`Verified: ${backup.file} (${size(backup.sizeBytes)})`);
    });

  command
    .command("list")
    .description("backups, newest first")
    .option("--limit <n>", "how many", (v) => Number.parseInt(v, 10), 50)
    .action(async (options: { limit: number }) => {
      for (const backup of (await api().backups.list.query({ limit: options.limit })).items) out.log(line(backup));
    });

  command
    .command("verify")
    .description("check a backup's archive: sizes and SHA-256 against its manifest, and pg_restore --list")
    .argument("[id]", "a backup's id (checked by the server)")
    .option("--file <archive>", "check an archive on this host instead")
    .action(async (id: string | undefined, options: { file?: string }) => {
      if (!id && !options.file) throw new InvalidArgumentError("name a backup's id or an archive (--file)");
      const result = options.file
        ? await verifyArchive(options.file).then((r) => ({ ok: r.ok, problems: r.ok ? [] : r.problems }))
        : await api().backups.verify.mutate({ id: id! });
      if (result.ok) out.log("The backup is intact.");
      else {
        out.error("The backup fails its verification:");
        for (const problem of result.problems) out.error(`  - ${problem}`);
        process.exitCode = 1;
      }
    });

  command
    .command("restore")
    .description("restore an archive into a fresh data folder (embedded) or an empty database; no server may run on it")
    .argument("<archive>", "the backup's .tar file")
    .requiredOption("--data-dir <dir>", "the fresh data folder the server will start on (MYZEL_DATA_DIR)")
    .option("--blueprints-dir <dir>", "where the backup's blueprints folder goes (MYZEL_BLUEPRINTS_DIR)")
    .option("--database-url <url>", "an empty external database to restore into instead of the embedded one")
    .option(
      "--to-time <time>",
      "point-in-time recovery of the embedded PostgreSQL to this time, or `latest` (all the WAL archive holds)",
      isoTime,
    )
    .option("--wal-archive <dir>", "the WAL archive to replay (the old data folder's wal-archive)")
    .action(
      async (
        archive: string,
        options: {
          dataDir: string;
          blueprintsDir?: string;
          databaseUrl?: string;
          toTime?: Date | "latest";
          walArchive?: string;
        },
      ) => {
        if (options.toTime && !options.walArchive)
          throw new InvalidArgumentError("--to-time needs --wal-archive (the old data folder's wal-archive)");
        const report = await restoreBackup({
          archive,
          dataDir: options.dataDir,
          blueprintsDir: options.blueprintsDir,
          databaseUrl: options.databaseUrl,
          pointInTime: options.toTime ? { target: options.toTime, walArchive: options.walArchive! } : undefined,
          log: createLogger("warn"),
        });
        out.log(
          `Restored backup ${report.backupId} of ${report.backupCreatedAt} in ${(report.ms / 1000).toFixed(1)} s.`,
        );
        if (report.pointInTime) out.log(`  recovered to ${report.pointInTime}`);
        if (report.migrationsApplied.length)
          out.log(`  migrations brought forward: ${report.migrationsApplied.join(", ")}`);
        out.log(
          `  rows at backup time: ${Object.entries(report.counts)
            .map(([t, n]) => `${t} ${n}`)
            .join(", ")}`,
        );
        out.log(
          `Start the server with MYZEL_DATA_DIR=${options.dataDir}: clusters come back in their recorded states.`,
        );
      },
    );
  return command;
}
