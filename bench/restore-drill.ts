/**
 * Restore drill: an embedded installation with N task rows (default 100,000; the goal is stated
 * for 1,000,000: `--rows 1000000`) takes a backup while tasks flow, keeps working, loses its
 * data folder's database, and is recovered to the latest archived WAL into a fresh folder.
 * Prints backup and restore times against the raw tools measured in the same run (pg_dump,
 * pg_restore on the same database), RPO (writes committed before the loss that the recovery
 * lacks, as time) and RTO (restore + start until the server answers and its agents run).
 *
 *   node --import tsx bench/restore-drill.ts [--rows N]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { dumpDatabase, restoreDump } from "../src/infra/backup/postgres-dump";
import { createLogger } from "../src/infra/logger";
import { createToken } from "../src/services/api-tokens";
import { restoreBackup } from "../src/services/backup-restore";
import { asSuperuser, clientOf, startInstallation } from "../tests/integration/backup-helpers";
import { poolBlueprint, until } from "./harness";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" } } });
const rows = Number(values.rows);
const temp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `myzel-drill-${name}-`));
const [dataA, dataB, blueprints, archives] = ["a", "b", "bp", "archives"].map(temp) as [string, string, string, string];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const a = await startInstallation(dataA, blueprints, "drill-host", archives);
const token = (await createToken(a.deps.db, { name: "drill", role: "ADMIN" }, null)).token;
const myzel = clientOf(a, token);
await myzel.blueprints.upload.mutate({ yaml: poolBlueprint("drill-pool", { workers: 3 }) });
const cluster = await myzel.clusters.create.mutate({ name: "drill", blueprintId: "drill-pool", targetWorkers: 4 });
await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 60_000 });
await a.deps.db.$executeRawUnsafe(
  `INSERT INTO tasks (id, cluster_id, target_kind, type, payload, status, timeout_ms, finished_at, result)
   SELECT gen_random_uuid(), '${cluster.id}', 'role', 'drill', '{"n":1}', 'SUCCEEDED', 1000, now(), '{"ok":true}'
   FROM generate_series(1, ${rows})`,
);
console.log(`${rows} task rows in place.`);

// Load while the backup runs: tasks submitted one after another.
let loading = true;
let submitted = 0;
const load = (async () => {
  while (loading) {
    await myzel.tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 5000 }).catch(() => {});
    submitted++;
  }
})();

const backupStart = Date.now();
const started = await myzel.backups.create.mutate({});
await until(async () => (await myzel.backups.get.query({ id: started.id })).status !== "RUNNING", 600_000);
const backup = await myzel.backups.get.query({ id: started.id });
const backupMs = Date.now() - backupStart;
if (backup.status !== "VERIFIED") throw new Error(`backup failed: ${backup.error}`);

const rawDumpStart = Date.now();
const rawDump = path.join(archives, "raw.dump");
await dumpDatabase(a.infrastructure.databaseUrl, rawDump);
const rawDumpMs = Date.now() - rawDumpStart;

// Keep working after the backup, then lose the server; the last write is what RPO is measured against.
await new Promise((resolve) => setTimeout(resolve, 3000));
loading = false;
await load;
const [last] = await asSuperuser<{ at: Date }>(
  a,
  dataA,
  "SELECT max(created_at) AS at FROM tasks WHERE type <> 'drill'",
);
// What the WAL archive holds is what survives; without the switch the last 30 s (archive_timeout) may be missing.
await asSuperuser(a, dataA, "SELECT pg_switch_wal()");
await until(async () => {
  const [s] = await asSuperuser<{ failed: string; archived: string }>(
    a,
    dataA,
    "SELECT (SELECT pg_walfile_name(pg_current_wal_lsn())) AS current, last_archived_wal AS archived, last_failed_wal AS failed FROM pg_stat_archiver",
  );
  return !!s?.archived;
});
await a.stop();

const restoreStart = Date.now();
await restoreBackup({
  archive: backup.file!,
  dataDir: dataB,
  pointInTime: { target: "latest", walArchive: path.join(dataA, "wal-archive") },
  log: createLogger("silent"),
});
const restoreMs = Date.now() - restoreStart;
const b = await startInstallation(dataB, blueprints, "drill-host", archives);
const restored = clientOf(b, token);
await until(
  async () =>
    (await restored.agents.list.query({ id: cluster.id })).every((x) => x.status === "IDLE" || x.status === "BUSY"),
  120_000,
);
const rtoMs = Date.now() - restoreStart;
const [recovered] = await asSuperuser<{ at: Date }>(
  b,
  dataB,
  "SELECT max(created_at) AS at FROM tasks WHERE type <> 'drill'",
);
const rpoMs = Math.max(0, last!.at.getTime() - recovered!.at.getTime());

// The peer for restore: pg_restore of the raw dump into an empty database on the same server.
await asSuperuser(b, dataB, "CREATE DATABASE drill_peer OWNER myzel_app");
const peerUrl = b.infrastructure.databaseUrl.replace(/\/myzel(\?|$)/, "/drill_peer$1");
const rawRestoreStart = Date.now();
await restoreDump(peerUrl, rawDump);
const rawRestoreMs = Date.now() - rawRestoreStart;
await b.stop();

console.log(`\nRestore drill, ${rows} task rows, ${submitted} tasks submitted under load`);
console.log(
  `backup (dump + base backup + RDB + verify): ${seconds(backupMs)}  vs raw pg_dump ${seconds(rawDumpMs)}  ratio ${(backupMs / rawDumpMs).toFixed(2)}  (goal for 1M rows: ≤ 60 s)`,
);
console.log(
  `restore (verify + point-in-time recovery):  ${seconds(restoreMs)}  vs raw pg_restore ${seconds(rawRestoreMs)}  ratio ${(restoreMs / rawRestoreMs).toFixed(2)}  (goal for 1M rows: ≤ 120 s)`,
);
console.log(`RTO (restore until the server answers and its agents run): ${seconds(rtoMs)}`);
console.log(
  `RPO (last write before the loss − last write recovered): ${seconds(rpoMs)}  (goal: ≤ 60 s; WAL archive_timeout 30 s)`,
);
for (const dir of [dataA, dataB, blueprints, archives]) rmSync(dir, { recursive: true, force: true });
process.exit(0);
