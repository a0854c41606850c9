/** Backups: admins only, as an archive holds every user, token hash and secret of the installation. */
import {
  backupCreateInput,
  backupIdInput,
  backupListInput,
  backupListSchema,
  backupSchema,
  backupSettingsSchema,
  backupVerifyResultSchema,
} from "../../schemas/backup-api";
import { noInput } from "../../schemas/common";
import { getBackup, listBackups, toBackupDto } from "../../services/backup-records";
import { adminProcedure, router } from "../trpc";

export const backupsRouter = router({
  create: adminProcedure
    .meta({
      created: { location: "/api/backups/{id}" },
      openapi: {
        method: "POST",
        path: "/api/backups",
        tags: ["backups"],
        summary: "Start a backup",
        description:
          "Writes a pg_dump of the database, a fresh Redis RDB, the blueprints folder and a manifest (versions, sizes, SHA-256) as one tar archive into the backup folder (MYZEL_BACKUP_DIR), then verifies it. Runs in the background: follow `phase` and `progress` with GET /api/backups/{id}. One backup at a time.",
        errorResponses: { 409: "A backup is already running." },
      },
    })
    .input(backupCreateInput)
    .output(backupSchema)
    .mutation(({ ctx }) => ctx.control.backups.begin(ctx.actor.name)),

  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/backups",
        tags: ["backups"],
        summary: "Backups, newest first",
        description: "Backups with their status, progress, archive path, size and manifest, newest first.",
      },
    })
    .input(backupListInput)
    .output(backupListSchema)
    .query(({ ctx, input }) => listBackups(ctx.db, input.limit)),

  settings: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/backups/settings",
        tags: ["backups"],
        summary: "Where and when backups are written, and the WAL archive's size",
        description:
          "The backup folder, the cron schedule and its next run, the retention count, and whether the embedded PostgreSQL archives WAL for point-in-time recovery (with the archive's size and cap).",
      },
    })
    .input(noInput)
    .output(backupSettingsSchema)
    .query(({ ctx }) => ctx.control.backups.settings()),

  get: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/backups/{id}",
        tags: ["backups"],
        summary: "One backup: its progress while it runs, its manifest afterwards",
        description:
          "One backup: phase and progress while it is written, then its archive, size and manifest, or why it failed.",
      },
    })
    .input(backupIdInput)
    .output(backupSchema)
    .query(async ({ ctx, input }) => toBackupDto(await getBackup(ctx.db, input.id))),

  verify: adminProcedure
    .meta({
      audit: false,
      openapi: {
        method: "POST",
        path: "/api/backups/{id}/verify",
        tags: ["backups"],
        summary: "Verify a backup's archive again",
        description:
          "Unpacks the archive, checks every file's size and SHA-256 against the manifest and lists the dump with pg_restore --list. Changes nothing.",
        errorResponses: { 409: "The backup is still being written." },
      },
    })
    .input(backupIdInput)
    .output(backupVerifyResultSchema)
    .mutation(({ ctx, input }) => ctx.control.backups.verify(input.id)),
});
