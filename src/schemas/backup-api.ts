/** Contracts of backups: the archive's manifest, the API's backup record and its inputs. */
import { z } from "zod";
import { idInput, isoDate, uuid } from "./common";

/** One file inside a backup archive, as the manifest records it. */
export const manifestFileSchema = z.strictObject({
  /** Path inside the archive, e.g. `postgres/myzel.dump`. */
  name: z.string().min(1),
  sizeBytes: z.int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const MANIFEST_FORMAT = 1;
export const MANIFEST_NAME = "manifest.json";

/** `manifest.json` in every archive: what was backed up, from what, and how to check it. */
export const backupManifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  backupId: uuid,
  createdAt: isoDate,
  myzelVersion: z.string(),
  /** The migrations applied to the database when it was dumped, oldest first. */
  migrations: z.array(z.string()),
  postgres: z.strictObject({
    embedded: z.boolean(),
    serverVersion: z.string(),
    dumpVersion: z.string(),
    /** A physical base backup for point-in-time recovery (embedded PostgreSQL with WAL archiving). */
    baseBackup: z.boolean(),
  }),
  redis: z.strictObject({ version: z.string(), source: z.enum(["bgsave", "replication"]) }),
  counts: z.record(z.string(), z.int()),
  files: z.array(manifestFileSchema),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const backupStatusSchema = z.enum(["RUNNING", "VERIFIED", "FAILED"]);

export const backupSchema = z
  .object({
    id: z.string(),
    status: backupStatusSchema,
    trigger: z.enum(["manual", "schedule"]),
    file: z.string().nullable(),
    sizeBytes: z.number().nullable(),
    phase: z.string().describe("queued, postgres, redis, blueprints, archive, verify or done"),
    progress: z.int().min(0).max(100),
    error: z.string().nullable(),
    createdBy: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    manifest: backupManifestSchema.nullable(),
  })
  .meta({ id: "Backup" });
export type BackupDto = z.infer<typeof backupSchema>;

export const backupCreateInput = z.strictObject({});
export const backupIdInput = idInput;
export const backupListInput = z.strictObject({
  limit: z.int().min(1).max(200).default(50),
});
export const backupListSchema = z.object({ items: z.array(backupSchema) });

export const backupVerifyResultSchema = z
  .object({
    id: z.string(),
    ok: z.boolean(),
    problems: z.array(z.string()),
    checkedAt: z.string(),
  })
  .meta({ id: "BackupVerification" });
export type BackupVerifyResult = z.infer<typeof backupVerifyResultSchema>;

export const backupSettingsSchema = z
  .object({
    folder: z.string(),
    schedule: z.string().nullable(),
    nextRunAt: z.string().nullable(),
    retain: z.int(),
    walArchiving: z.boolean(),
    walArchiveBytes: z.number().nullable(),
    walArchiveMaxBytes: z.number(),
  })
  .meta({ id: "BackupSettings" });
export type BackupSettings = z.infer<typeof backupSettingsSchema>;
