/**
 * Manifests over the API and the CLI: downloading a blueprint's and a cluster's manifest,
 * editing it as a person would in a text editor, and uploading it as a new blueprint version.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { activeCluster, baseUrl, client, deleteCreatedClusters, rest, teamBlueprint, uploadBlueprint } from "./helpers";

afterAll(deleteCreatedClusters);

/** The cluster of "a cluster's manifest", which the CLI reads by name afterwards. */
let clusterName: string | undefined;

const markdown = (body: string) => ({ method: "POST", body, headers: { "content-type": "text/markdown" } });

describe("a blueprint's manifest", () => {
  it("edited in a text editor and uploaded as text/markdown becomes a new version", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(`# the team's blueprint\n${yaml}`);
    const download = await rest(`/api/blueprints/${id}/manifest`);
    expect(download.status).toBe(200);
    expect(download.body).toMatchObject({ filename: `${id}-1.0.0.md`, contentType: "text/markdown; charset=utf-8" });
    const manifest: string = download.body.markdown;
    // The front matter is the YAML as uploaded, comment included; the body explains it.
    expect(manifest.startsWith(`---\n# the team's blueprint\n${yaml}---\n`)).toBe(true);
    expect(manifest).toContain(
      "Head (supervisor, supervisor) ×1\n└─ Team Lead (lead, lead) ×2\n   └─ Worker (worker, worker) ×0–6",
    );

    const edited = manifest
      .replace("version: 1.0.0", "version: 1.1.0")
      .replace("  - role: worker\n    name: Worker", "  - role: worker\n    name: Writer")
      .replace("## Purpose", "## Purpose\n\nNotes a reviewer added; they are not read back.");
    const upload = await rest("/api/blueprints", markdown(edited));
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      created: true,
      blueprint: { id, version: "1.1.0", versions: ["1.1.0", "1.0.0"] },
    });
    // What is stored is the front matter: the blueprint's YAML, without the Markdown.
    expect(upload.body.blueprint.source).not.toContain("## Purpose");
    expect(upload.body.blueprint.definition.agents[2].name).toBe("Writer");

    // The same manifest again changes nothing; through the JSON field it is the same upload.
    const again = await rest("/api/blueprints", { method: "POST", json: { manifest: edited } });
    expect([again.status, again.body.created]).toEqual([200, false]);
  });

  it("refuses a broken manifest with each issue at the manifest's own line", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const manifest: string = (await rest(`/api/blueprints/${id}/manifest`)).body.markdown;
    const lines = manifest.replace("version: 1.0.0", "version: 2.0.0").split("\n");
    const at = lines.findIndex((line) => line.trim() === "reports_to: lead");
    lines[at] = "    reports_to: boss";
    const refused = await rest("/api/blueprints", markdown(lines.join("\n")));
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toEqual([
      expect.objectContaining({ path: "/agents/2/reports_to", line: at + 1, message: expect.stringContaining("boss") }),
    ]);
    // validate says the same and stores nothing.
    const checked = await rest("/api/blueprints/validate", markdown(lines.join("\n")));
    expect(checked.body).toMatchObject({ valid: false, issues: [{ line: at + 1 }] });
    expect((await client().blueprints.get.query({ id })).versions).toEqual(["1.0.0"]);

    const bare = await rest("/api/blueprints", markdown("# Notes\n\nno front matter here\n"));
    expect(bare.status).toBe(422);
    expect(bare.body.issues[0]).toMatchObject({ line: 1, message: expect.stringContaining("'---'") });
  });

  it("takes yaml or manifest, not both and not neither, and answers 404 for an unknown blueprint", async () => {
    const { yaml } = teamBlueprint();
    const both = await rest("/api/blueprints/validate", {
      method: "POST",
      json: { yaml, manifest: `---\n${yaml}---\n` },
    });
    expect(both.status).toBe(400);
    expect(both.body.issues).toEqual([expect.objectContaining({ message: "send `yaml` or `manifest`, not both" })]);
    expect((await rest("/api/blueprints/validate", { method: "POST", json: {} })).status).toBe(400);
    expect((await rest("/api/blueprints/no-such-blueprint/manifest")).status).toBe(404);
  });
});

describe("a cluster's manifest", () => {
  it("says its state, planned and running agents and its recent tasks, and uploads as its blueprint", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 4 }, 60_000);
    clusterName = cluster.name;
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "x", waitMs: 20_000 });
    expect(task.status).toBe("SUCCEEDED");

    const answer = await client().clusters.manifest.query({ id: cluster.id });
    expect(answer.filename).toMatch(/^cluster-[a-z0-9-]+-manifest\.md$/);
    const text = answer.markdown;
    expect(text).toContain(`# ${cluster.name}`);
    expect(text).toContain("- Status: **ACTIVE** since");
    // Other test files may have added runners, so the node count is not fixed here.
    expect(text).toMatch(/- Agents running: 4 of 4 planned, on [1-9]\d* nodes?\n/);
    expect(text).toContain("- Tasks: 1 succeeded, 0 failed (0 % failed), 0 open now");
    expect(text).toContain("└─ Team Lead (lead, lead) ×2\n   └─ Worker (worker, worker) ×1");

    // Its front matter is the blueprint: uploading the manifest unchanged stores nothing new.
    const upload = await rest("/api/blueprints", markdown(text));
    expect([upload.status, upload.body.created]).toEqual([200, false]);
    expect((await rest(`/api/clusters/${crypto.randomUUID()}/manifest`)).status).toBe(404);
  }, 90_000);
});

describe("myzel manifest", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const home = mkdtempSync(path.join(os.tmpdir(), "myzel-manifest-cli-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  async function myzel(args: string[]) {
    const child = spawn(process.execPath, [path.join(root, "bin/myzel.mjs"), "--url", baseUrl(), ...args], {
      cwd: home,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        HOME: home,
        NO_COLOR: "1",
        MYZEL_TOKEN: inject("adminToken"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(child, "exit");
    return { code: code as number, stdout, stderr };
  }

  // Each call starts Node with the TypeScript loader: seconds apiece on a loaded machine.
  it("writes a blueprint's manifest to a file, and uploads the edited file as a new version", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const written = await myzel(["manifest", "blueprint", id, "-o", "."]);
    expect(written.code, written.stderr).toBe(0);
    const file = path.join(home, `${id}-1.0.0.md`);
    const manifest = readFileSync(file, "utf8");
    expect(manifest).toContain("## Hierarchy");

    writeFileSync(file, manifest.replace("version: 1.0.0", "version: 1.0.1"));
    const uploaded = await myzel(["blueprints", "upload", file]);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    expect(uploaded.stdout).toContain(`Stored ${id}@1.0.1`);

    const printed = await myzel(["manifest", "blueprint", id, "--blueprint-version", "1.0.0"]);
    expect(printed.stdout.startsWith("---\n")).toBe(true);

    expect(clusterName).toBeDefined();
    const ofCluster = await myzel(["manifest", "cluster", clusterName!]);
    expect(ofCluster.code, ofCluster.stderr).toBe(0);
    expect(ofCluster.stdout).toContain(`# ${clusterName}`);
    expect(ofCluster.stdout).toContain("## Recent figures (last 24 h)");
  }, 180_000);
});
