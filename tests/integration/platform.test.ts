import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { redoclyProblems } from "../../src/http/openapi-lint";
import { migrate, readMigrations } from "../../src/infra/database/migrate";
import { MIGRATIONS_DIR } from "../../src/infra/infrastructure";
import { baseUrl, rest } from "./helpers";

const run = promisify(execFile);

describe("health", () => {
  it("reports database and Redis up, and nothing sensitive", async () => {
    const { status, body } = await rest("/health");
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: { status: "up" }, redis: { status: "up" } });
    expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\/|redis:\/\/|password/i);
  });
});

describe("migrations", () => {
  it("are recorded the way Prisma records them, so prisma migrate status agrees", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      const files = readMigrations(MIGRATIONS_DIR);
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
      for (const [i, row] of rows.entries()) {
        const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
        expect(row.finished_at).not.toBeNull();
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
        expect(files[i]!.name).toBe(row.migration_name);
      }
      const tables = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
      expect(tables.rows.map((r) => r.tablename)).toEqual(
        expect.arrayContaining([
          "clusters",
          "cluster_agents",
          "cluster_blueprints",
          "cluster_metrics",
          "users",
          "sessions",
          "accounts",
          "verifications",
          "api_tokens",
          "audit_log",
        ]),
      );
    } finally {
      await client.end();
    }
  });

  it("applies nothing twice", async () => {
    const report = await migrate(inject("databaseUrl"), MIGRATIONS_DIR);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied.length).toBeGreaterThan(0);
  });
});

describe("OpenAPI", () => {
  it("documents the REST paths of cluster-system.md", async () => {
    const { status, body } = await rest("/api/openapi.json");
    expect(status).toBe(200);
    const paths = Object.keys(body.paths);
    for (const p of [
      "/api/clusters",
      "/api/clusters/{id}",
      "/api/clusters/{id}/scale",
      "/api/clusters/{id}/hibernate",
      "/api/clusters/{id}/reactivate",
      "/api/clusters/{id}/agents",
      "/api/clusters/{id}/hierarchy",
      "/api/clusters/{id}/metrics",
      "/api/blueprints",
      "/api/blueprints/{id}",
    ])
      expect(paths).toContain(p);
    expect(Object.keys(body.paths["/api/clusters/{id}"])).toEqual(expect.arrayContaining(["get", "put", "delete"]));
  });

  it("passes Redocly's recommended rules as served, without an error or a warning", async () => {
    const { body } = await rest("/api/openapi.json");
    // The one rule left out warns of a server at localhost: the test server's public URL is one.
    expect(await redoclyProblems(body, ["no-server-example.com"])).toEqual([]);
  });
});

describe("example client app", () => {
  it("drives Myzel end to end through the typed tRPC client", async () => {
    const { stdout } = await run("npx", ["tsx", "examples/client-app/main.ts", baseUrl()], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, MYZEL_TOKEN: inject("adminToken") },
    });
    expect(stdout).toContain("blueprint example-research@1.0.0: 2-7 workers");
    expect(stdout).toMatch(/cluster research-\d+ is ACTIVE with 3 agents/);
    expect(stdout).toMatch(/task SUCCEEDED: .*"echo":\{"prompt":"summarise the findings"\}.*"agent":"worker-\d"/);
    expect(stdout).toContain("scaled to 5 agents");
    expect(stdout).toContain("supervisor: Research Lead [supervisor-1]");
    expect(stdout.match(/^ {2}worker: Researcher/gm)).toHaveLength(4);
    expect(stdout).toContain("refused as expected: cannot reactivate a cluster that is ACTIVE");
    expect(stdout).toMatch(/invalid blueprint, line 18: .*unknown role "boss"/);
    expect(stdout).toMatch(/is DESTROYED/);
  });
});
