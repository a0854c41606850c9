/**
 * Backups of a running installation of its own (embedded PostgreSQL with WAL archiving, embedded
 * Redis, a runner): written in the background and verified; a point-in-time recovery brings back
 * a row deleted after the backup; damaged, newer or misplaced restores are refused; and after the
 * data folder is destroyed, a restore into a fresh one gives back the same clusters (in their
 * desired states, agents running), blueprints, users, tokens, tasks, cluster history and shared
 * memory.
 */
import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MyzelServer } from "../../src/boot/start-myzel";
import { createLogger } from "../../src/infra/logger";
import { createToken } from "../../src/services/api-tokens";
import { RestoreRefused, restoreBackup } from "../../src/services/backup-restore";
import { asSuperuser, clientOf, restOn, startInstallation } from "./backup-helpers";

const log = createLogger("silent");
const temp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `myzel-backup-${name}-`));
const dataA = temp("a");
const blueprintsA = temp("blueprints-a");
const backupDir = temp("archives");
const folders = [dataA, blueprintsA, backupDir];
const servers: MyzelServer[] = [];
let a: MyzelServer;
let token: string;
let viewerToken: string;
let archive: string;

const blueprintYaml = (id: string, runtime: string) => `metadata: { id: ${id}, name: Backup pool, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    count: 1-8
    reports_to: supervisor
    runtime: ${runtime}
`;

const state: {
  alive?: string;
  sleepy?: string;
  userEmail?: string;
  doneTask?: string;
  inFlightTask?: string;
  revisions?: number;
  memory?: string;
  finding?: string;
  globalMemory?: string;
} = {};

async function start(dataDir: string, blueprintsDir: string, nodeId: string) {
  const server = await startInstallation(dataDir, blueprintsDir, nodeId, backupDir);
  servers.push(server);
  return server;
}

async function stop(server: MyzelServer) {
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
}

beforeAll(async () => {
  writeFileSync(
    path.join(blueprintsA, "echo-pool.yaml"),
    blueprintYaml("echo-pool", "{ type: builtin, behaviour: echo }"),
  );
  a = await start(dataA, blueprintsA, "backup-host");
  token = (await createToken(a.deps.db, { name: "backup tests", role: "ADMIN" }, null)).token;
}, 120_000);

afterAll(async () => {
  for (const server of [...servers]) await server.stop().catch(() => {});
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}, 120_000);

describe("backups", () => {
  it("writes a verified archive in the background while the API keeps answering", async () => {
    const myzel = clientOf(a, token);
    await myzel.blueprints.upload.mutate({
      yaml: blueprintYaml("sleep-pool", "{ type: builtin, behaviour: sleep, sleep_ms: 8000 }"),
    });
    const alive = await myzel.clusters.create.mutate({ name: "alive", blueprintId: "echo-pool", targetWorkers: 3 });
    const sleepy = await myzel.clusters.create.mutate({ name: "sleepy", blueprintId: "echo-pool", targetWorkers: 2 });
    const slow = await myzel.clusters.create.mutate({ name: "slow", blueprintId: "sleep-pool", targetWorkers: 2 });
    for (const id of [alive.id, sleepy.id, slow.id])
      await myzel.clusters.wait.query({ id, status: "ACTIVE", timeoutMs: 30_000 });
    await myzel.clusters.scale.mutate({ id: alive.id, targetWorkers: 4 });
    await myzel.clusters.wait.query({ id: alive.id, status: "ACTIVE", timeoutMs: 30_000 });
    await myzel.clusters.hibernate.mutate({ id: sleepy.id });
    const done = await myzel.tasks.submit.mutate({
      id: alive.id,
      role: "worker",
      payload: { hello: "backup" },
      waitMs: 15_000,
    });
    expect(done.status).toBe("SUCCEEDED");
    const inFlight = await myzel.tasks.submit.mutate({ id: slow.id, role: "worker", payload: "long" });
    await expect
      .poll(async () => (await myzel.tasks.get.query({ id: inFlight.id })).status, { timeout: 15_000 })
      .toBe("RUNNING");
    state.userEmail = `kept-${randomUUID().slice(0, 6)}@myzel.test`;
    await myzel.users.create.mutate({
      name: "Kept",
      email: state.userEmail,
      password: "a-long-enough-password",
      role: "OPERATOR",
    });
    viewerToken = (await myzel.tokens.create.mutate({ name: "kept viewer", role: "VIEWER" })).token;
    Object.assign(state, { alive: alive.id, sleepy: sleepy.id, doneTask: done.id, inFlightTask: inFlight.id });
    // Shared memory: a value two writes old, a document, and a global namespace.
    const [shared] = (await myzel.memory.namespaces.query({ clusterId: alive.id })).items;
    await myzel.memory.putValue.mutate({ namespaceId: shared!.id, key: "plan", value: { stage: 1 } });
    await myzel.memory.putValue.mutate({
      namespaceId: shared!.id,
      key: "plan",
      value: { stage: 2 },
      expectedVersion: 1,
    });
    const finding = await myzel.memory.createDocument.mutate({
      namespaceId: shared!.id,
      title: "Churn pilot",
      text: "Onboarding calls halved churn in the pilot region.",
      tags: ["q1"],
    });
    const style = await myzel.memory.createNamespace.mutate({ name: `style-${randomUUID().slice(0, 6)}` });
    await myzel.memory.putValue.mutate({ namespaceId: style.id, key: "tone", value: "plain" });
    Object.assign(state, { memory: shared!.id, finding: finding.id, globalMemory: style.id });

    const started = await restOn(a, token, "/api/backups", { method: "POST", json: {} });
    expect(started.status).toBe(201);
    expect(started.headers.get("location")).toBe(`/api/backups/${started.body.id}`);
    expect(started.body.status).toBe("RUNNING");
    // One at a time.
    expect((await restOn(a, token, "/api/backups", { method: "POST", json: {} })).status).toBe(409);
    // The API answers while the archive is written.
    expect((await restOn(a, token, `/api/clusters/${alive.id}`)).status).toBe(200);

    await expect
      .poll(async () => (await restOn(a, token, `/api/backups/${started.body.id}`)).body.status, { timeout: 120_000 })
      .toBe("VERIFIED");
    const backup = (await restOn(a, token, `/api/backups/${started.body.id}`)).body;
    expect(backup.progress).toBe(100);
    expect(backup.manifest.postgres.baseBackup).toBe(true);
    expect(backup.manifest.counts.clusters).toBe(3);
    expect(backup.manifest.files.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining([
        "postgres/myzel.dump",
        "postgres-base/base.tar",
        "redis/dump.rdb",
        "blueprints/echo-pool.yaml",
        "secrets/auth.secret",
      ]),
    );
    archive = backup.file;
    expect(existsSync(archive)).toBe(true);
    const verified = await restOn(a, token, `/api/backups/${backup.id}/verify`, { method: "POST", json: {} });
    expect(verified.body).toMatchObject({ ok: true, problems: [] });
    state.revisions = (await myzel.clusterHistory.list.query({ id: alive.id })).items.length;
    expect(state.revisions).toBeGreaterThanOrEqual(4);
  }, 180_000);

  it("is for admins only, and a bad id or unknown field is refused", async () => {
    expect((await restOn(a, viewerToken, "/api/backups")).status).toBe(403);
    expect((await restOn(a, viewerToken, "/api/backups", { method: "POST", json: {} })).status).toBe(403);
    expect((await restOn(a, token, "/api/backups", { method: "POST", json: { folder: "/tmp" } })).status).toBe(400);
    expect((await restOn(a, token, `/api/backups/${randomUUID()}`)).status).toBe(404);
  });
});

describe("point-in-time recovery", () => {
  it("brings back a row deleted after the backup, as it was at the chosen time", async () => {
    const myzel = clientOf(a, token);
    const email = `pitr-${randomUUID().slice(0, 6)}@myzel.test`;
    const user = await myzel.users.create.mutate({
      name: "Deleted later",
      email,
      password: "a-long-enough-password",
      role: "VIEWER",
    });
    const between = new Date();
    // The delete commits strictly after the chosen time.
    await expect.poll(() => Date.now() > between.getTime() + 5).toBe(true);
    await myzel.users.delete.mutate({ userId: user.id });
    const [switched] = await asSuperuser<{ wal: string }>(a, dataA, "SELECT pg_walfile_name(pg_switch_wal()) AS wal");
    const wal = switched!.wal;
    await expect
      .poll(
        async () =>
          ((
            await asSuperuser<{ w: string | null }>(a, dataA, "SELECT last_archived_wal AS w FROM pg_stat_archiver")
          )[0]!.w ?? "") >= wal,
        { timeout: 30_000 },
      )
      .toBe(true);

    const dataC = temp("pitr");
    folders.push(dataC);
    const report = await restoreBackup({
      archive,
      dataDir: dataC,
      pointInTime: { target: between, walArchive: path.join(dataA, "wal-archive") },
      log,
    });
    expect(report.pointInTime).toBe(between.toISOString());
    const c = await start(dataC, blueprintsA, "backup-pitr");
    try {
      const users = await clientOf(c, token).users.list.query({});
      expect(users.items.map((u) => u.email)).toContain(email);
    } finally {
      await stop(c);
    }
  }, 180_000);
});

describe("refusals", () => {
  it("refuses a damaged archive, one from a newer schema, a used data folder and a non-empty database", async () => {
    const work = temp("refusals");
    folders.push(work);
    const damaged = path.join(work, "damaged.tar");
    cpSync(archive, damaged);
    const bytes = readFileSync(damaged);
    // Flip a byte well inside the dump (after the manifest's tar blocks).
    bytes[bytes.length - 40_000] = (bytes[bytes.length - 40_000]! + 1) % 256;
    writeFileSync(damaged, bytes);
    await expect(restoreBackup({ archive: damaged, dataDir: temp("x"), log })).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup({ archive: damaged, dataDir: temp("x"), log })).rejects.toThrow(
      /fails its verification/,
    );

    const unpacked = path.join(work, "newer");
    cpSync(archive, `${unpacked}.tar`);
    rmSync(unpacked, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(unpacked));
    await tar.x({ file: `${unpacked}.tar`, cwd: unpacked });
    const manifest = JSON.parse(readFileSync(path.join(unpacked, "manifest.json"), "utf8"));
    manifest.migrations.push("29991231000000_from_the_future");
    writeFileSync(path.join(unpacked, "manifest.json"), JSON.stringify(manifest));
    const newer = path.join(work, "newer-schema.tar");
    await tar.c({ file: newer, cwd: unpacked }, ["."]);
    await expect(restoreBackup({ archive: newer, dataDir: temp("y"), log })).rejects.toThrow(
      /newer schema.*29991231000000_from_the_future/,
    );

    await expect(restoreBackup({ archive, dataDir: dataA, log })).rejects.toThrow(/holds a PostgreSQL cluster already/);
    await expect(
      restoreBackup({ archive, dataDir: temp("z"), databaseUrl: a.infrastructure.databaseUrl, log }),
    ).rejects.toThrow(/database is not empty/);
  }, 60_000);
});

describe("restore after the data is lost", () => {
  it("gives back the same clusters, blueprints, users, tokens, tasks, history and memory in a fresh folder", async () => {
    const before = await clientOf(a, token).clusters.list.query({});
    await stop(a);
    rmSync(dataA, { recursive: true, force: true });
    rmSync(blueprintsA, { recursive: true, force: true });

    const dataB = temp("b");
    const blueprintsB = temp("blueprints-b");
    folders.push(dataB, blueprintsB);
    const report = await restoreBackup({ archive, dataDir: dataB, blueprintsDir: blueprintsB, log });
    expect(report.blueprints).toBe(1);
    expect(report.redisKeys).toBeGreaterThan(0);
    const b = await start(dataB, blueprintsB, "backup-host");
    const myzel = clientOf(b, token);

    const after = await myzel.clusters.list.query({});
    expect(after.items.map((c) => [c.name, c.targetWorkers]).sort()).toEqual(
      before.items.map((c) => [c.name, c.targetWorkers]).sort(),
    );
    // Desired states come back: the active cluster runs its agents again, the hibernated one sleeps.
    const alive = await myzel.clusters.wait.query({ id: state.alive!, status: "ACTIVE", timeoutMs: 30_000 });
    expect(alive.status).toBe("ACTIVE");
    await expect
      .poll(
        async () =>
          (await myzel.agents.list.query({ id: state.alive! })).filter(
            (agent) => agent.status === "IDLE" || agent.status === "BUSY",
          ).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(alive.targetWorkers);
    expect((await myzel.clusters.get.query({ id: state.sleepy! })).status).toBe("HIBERNATED");
    expect((await myzel.tasks.submit.mutate({ id: state.alive!, role: "worker", waitMs: 15_000 })).status).toBe(
      "SUCCEEDED",
    );

    expect((await myzel.users.list.query({})).items.map((u) => u.email)).toContain(state.userEmail);
    // The backup restored from is on record as the verified archive it is.
    const restoredFrom = (await myzel.backups.list.query({})).items.find((item) => item.id === report.backupId);
    expect(restoredFrom).toMatchObject({ status: "VERIFIED", file: archive });
    expect((await restOn(b, viewerToken, `/api/clusters/${state.alive}`)).status).toBe(200);
    expect(existsSync(path.join(blueprintsB, "echo-pool.yaml"))).toBe(true);
    expect((await myzel.blueprints.list.query({})).map((bp) => bp.id)).toEqual(
      expect.arrayContaining(["echo-pool", "sleep-pool"]),
    );
    // Memory comes back whole: values at their versions (compare-and-set goes on from there),
    // documents found by full text and by a misspelling (the lexicon came back with them).
    const plan = await myzel.memory.getValue.query({ namespaceId: state.memory!, key: "plan" });
    expect(plan).toMatchObject({ value: { stage: 2 }, version: 2 });
    await expect(
      myzel.memory.putValue.mutate({
        namespaceId: state.memory!,
        key: "plan",
        value: { stage: 3 },
        expectedVersion: 1,
      }),
    ).rejects.toThrow(/version 2/);
    expect(
      await myzel.memory.putValue.mutate({
        namespaceId: state.memory!,
        key: "plan",
        value: { stage: 3 },
        expectedVersion: 2,
      }),
    ).toMatchObject({ version: 3 });
    const found = await myzel.memory.search.query({ namespaceId: state.memory!, q: "halved churn" });
    expect(found.hits[0]?.document).toMatchObject({ id: state.finding, title: "Churn pilot", tags: ["q1"] });
    const misspelt = await myzel.memory.search.query({ namespaceId: state.memory!, q: "churnn" });
    expect(misspelt.hits.map((hit) => hit.document.id)).toContain(state.finding);
    expect(await myzel.memory.getValue.query({ namespaceId: state.globalMemory!, key: "tone" })).toMatchObject({
      value: "plain",
      version: 1,
    });
    const done = await myzel.tasks.get.query({ id: state.doneTask! });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.result).toMatchObject({ echo: { hello: "backup" } });
    expect((await myzel.clusterHistory.list.query({ id: state.alive! })).items.length).toBeGreaterThanOrEqual(
      state.revisions!,
    );
    // The task in flight when the backup was taken is found again: it runs to its end on the restored server, or fails with a reason.
    await expect
      .poll(
        async () => {
          const task = await myzel.tasks.get.query({ id: state.inFlightTask! });
          return task.status === "SUCCEEDED" || (task.status === "FAILED" && !!task.error);
        },
        { timeout: 60_000 },
      )
      .toBe(true);
  }, 240_000);
});
