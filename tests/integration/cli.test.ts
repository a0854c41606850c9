/**
 * The `myzel` command as users run it: the real binary (bin/myzel.mjs) in a child process
 * against the test server, with its own config folder. Exit codes, --json output, the saved
 * credential and the live `clusters top` are what scripts and people depend on.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes";
import { baseUrl, client, deleteCreatedClusters, teamBlueprint, track, uniqueName } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
/** Each call starts a Node process with the TypeScript loader: seconds apiece on a loaded machine. */
const SLOW = 180_000;
const home = mkdtempSync(path.join(os.tmpdir(), "myzel-cli-"));
const configDir = path.join(home, "config");

afterAll(async () => {
  await deleteCreatedClusters();
  rmSync(home, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(root, "bin/myzel.mjs"), ...args], {
    cwd: home,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: configDir,
      NO_COLOR: "1",
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return { child, output: () => ({ stdout, stderr }) };
}

async function myzel(args: string[], env: Record<string, string> = {}, input?: string) {
  const run = start(args, env);
  run.child.stdin!.end(input);
  const [code] = await once(run.child, "exit");
  return { code: code as number, ...run.output() };
}

/** Runs it with --json and reads stdout. */
async function myzelJson(args: string[]) {
  const result = await myzel(["--json", ...args]);
  return { ...result, json: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe("myzel auth", () => {
  it(
    "keeps a checked token in a config file only its owner can read, and refuses a bad one with exit 3",
    async () => {
      const refused = await myzel(["--url", baseUrl(), "auth", "login", "--token", "myzel_not-a-token"]);
      expect(refused.code).toBe(EXIT.auth);
      expect(refused.stderr).toMatch(/token|sign in/i);

      const login = await myzel(["--url", baseUrl(), "auth", "login", "--token", inject("adminToken")]);
      expect(login.code).toBe(0);
      const file = path.join(configDir, "myzel/config.json");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ url: baseUrl(), token: inject("adminToken") });

      // Later commands need neither --url nor --token.
      const status = await myzelJson(["auth", "status"]);
      expect(status.code).toBe(0);
      expect(status.json).toMatchObject({ type: "token", role: "ADMIN" });
    },
    SLOW,
  );

  it(
    "signs in with an email and a password read from stdin",
    async () => {
      const login = await myzel(
        ["--url", baseUrl(), "auth", "login", "--email", inject("adminEmail"), "--password-stdin"],
        { XDG_CONFIG_HOME: path.join(home, "by-password") },
        `${inject("adminPassword")}\n`,
      );
      expect(login.code, login.stderr).toBe(0);
      expect(login.stdout).toContain(inject("adminEmail"));
      const wrong = await myzel(
        ["--url", baseUrl(), "auth", "login", "--email", inject("adminEmail"), "--password-stdin"],
        { XDG_CONFIG_HOME: path.join(home, "by-password") },
        "not the password\n",
      );
      expect(wrong.code).toBe(EXIT.auth);
    },
    SLOW,
  );
});

describe("myzel exit codes", () => {
  it(
    "say usage, not found and unreachable apart",
    async () => {
      expect((await myzel(["clusters", "scale"])).code).toBe(EXIT.usage);
      expect((await myzel(["clusters", "scale", "x", "--workers", "many"])).code).toBe(EXIT.usage);
      const missing = await myzel(["clusters", "get", "no-such-cluster-name"]);
      expect(missing.code).toBe(EXIT.notFound);
      expect(missing.stderr).toContain("no-such-cluster-name");
      expect((await myzel(["tasks", "get", "00000000-0000-4000-8000-000000000000"])).code).toBe(EXIT.notFound);
      expect((await myzel(["--url", "http://127.0.0.1:9", "clusters", "list"])).code).toBe(EXIT.unreachable);
    },
    SLOW,
  );
});

describe("myzel blueprints", () => {
  it(
    "validates with line numbers, uploads, and diffs a file against the stored version",
    async () => {
      const { id, yaml } = teamBlueprint();
      const file = path.join(home, `${id}.yaml`);
      writeFileSync(file, yaml.replace("count: 1\n", "count: one\n"));
      const invalid = await myzel(["blueprints", "validate", file]);
      expect(invalid.code).toBe(EXIT.validation);
      expect(invalid.stdout).toMatch(new RegExp(`${id}\\.yaml:\\d+:\\d+`));

      writeFileSync(file, yaml);
      expect((await myzel(["blueprints", "validate", file])).code).toBe(0);
      const uploaded = await myzelJson(["blueprints", "upload", file]);
      expect(uploaded.json).toMatchObject({ created: true, id });
      expect((await myzel(["blueprints", "diff", file])).code).toBe(0);

      writeFileSync(file, yaml.replace("name: Test Team", "name: Renamed Team"));
      const diff = await myzel(["blueprints", "diff", file]);
      expect(diff.code).toBe(EXIT.failed);
      expect(diff.stdout).toContain("-  name: Test Team");
      expect(diff.stdout).toContain("+  name: Renamed Team");
    },
    SLOW,
  );
});

describe("myzel clusters and tasks", () => {
  it(
    "creates a cluster and waits for it, draws its tree, runs a task and shows it live in top",
    async () => {
      const id = uniqueName("cli-team");
      const blueprint = await client().blueprints.upload.mutate({
        yaml: `metadata: { id: ${id}, name: CLI Team, version: 1.0.0 }
cluster: { type: department, min_workers: 3, max_workers: 6 }
agents:
  - { role: supervisor, name: Head, count: 1 }
  - { role: worker, name: Worker, count: 1-4, reports_to: supervisor }
  - { role: flaky, name: Flaky, count: 1, reports_to: supervisor, runtime: { type: builtin, behaviour: fail } }
`,
      });
      const name = uniqueName("cli");
      const created = await myzelJson([
        "clusters",
        "create",
        "--blueprint",
        blueprint.blueprint.id,
        "--name",
        name,
        "--wait",
      ]);
      expect(created.code, created.stderr).toBe(0);
      track(created.json.id);
      expect(created.json).toMatchObject({ name, status: "ACTIVE", timedOut: false });

      const list = await myzelJson(["clusters", "list", "--search", name]);
      expect(list.json.map((c: { id: string }) => c.id)).toEqual([created.json.id]);
      const tree = await myzel(["clusters", "tree", name]);
      expect(tree.stdout.split("\n")[0]).toMatch(/^\S+ supervisor IDLE/);
      expect(tree.stdout).toMatch(/[├└]─ \S+ worker IDLE/);
      expect(tree.stdout).toMatch(/[├└]─ \S+ flaky IDLE/);

      // `top` follows the cluster from its events while tasks run.
      const top = start(["clusters", "top", name]);
      await expect.poll(() => top.output().stdout, { timeout: 15_000 }).toContain("tasks since start");
      const task = await myzelJson([
        "tasks",
        "submit",
        name,
        "--role",
        "worker",
        "--prompt",
        "hello",
        "--wait",
        "--timeout",
        "20",
      ]);
      expect(task.code, task.stderr).toBe(0);
      expect(task.json).toMatchObject({ status: "SUCCEEDED", timedOut: false });
      await expect.poll(() => top.output().stdout, { timeout: 15_000 }).toMatch(/succeeded 1\b/);
      top.child.kill("SIGINT");
      expect((await once(top.child, "exit"))[0]).toBe(0);

      const failed = await myzel(["tasks", "submit", name, "--role", "flaky", "--attempts", "1", "--wait"]);
      expect(failed.code).toBe(EXIT.failed);
      expect(failed.stdout).toContain("FAILED");

      const refused = await myzelJson(["clusters", "scale", name, "--role", "no_such_role=2"]);
      expect(refused.code).toBe(EXIT.validation);
      expect(JSON.parse(refused.stderr).error.exitCode).toBe(EXIT.validation);

      const deleted = await myzel(["clusters", "delete", created.json.id, "--wait"]);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(deleted.stdout).toContain("DESTROYED");
    },
    SLOW,
  );
});

describe("myzel completion", () => {
  it(
    "prints a bash script that completes the commands there are",
    async () => {
      const script = (await myzel(["completion", "bash"])).stdout;
      expect(script).toContain("complete -F _myzel_complete myzel");
      expect(script).toContain(
        '"clusters"|"clusters "*) words="list get create scale hibernate reactivate delete wait tree top',
      );
      expect((await myzel(["completion", "powershell"])).code).toBe(EXIT.usage);
    },
    SLOW,
  );
});
