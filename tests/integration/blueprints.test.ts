import { describe, expect, it } from "vitest";
import { client, rest, teamBlueprint, uniqueName, uploadBlueprint } from "./helpers";

describe("blueprints API", () => {
  it("loads the shipped example blueprints at start-up", async () => {
    const { status, body } = await rest("/api/blueprints");
    expect(status).toBe(200);
    const ids = body.map((b: { id: string }) => b.id);
    expect(ids).toEqual(
      expect.arrayContaining(["marketing-v1", "einkauf-v1", "project-template-v1", "agent-foundry-v1"]),
    );
    const foundry = body.find((b: { id: string }) => b.id === "agent-foundry-v1");
    expect(foundry.origin).toBe("file");
  });

  it("accepts a blueprint posted as raw YAML, like curl --data-binary", async () => {
    const { id, yaml } = teamBlueprint();
    const { status, body } = await rest("/api/blueprints", {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: yaml,
    });
    expect(status).toBe(201);
    expect(body.created).toBe(true);
    expect(body.blueprint).toMatchObject({ id, version: "1.0.0", clusterType: "department", roles: 3 });
    expect(body.blueprint.workerBounds).toEqual({ min: 3, max: 9 });

    const detail = await rest(`/api/blueprints/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.source).toBe(yaml);
  });

  it("is idempotent for the same content and refuses changed content under the same version", async () => {
    const { id, yaml } = teamBlueprint();
    expect((await uploadBlueprint(yaml)).created).toBe(true);
    expect((await uploadBlueprint(yaml)).created).toBe(false);
    const changed = yaml.replace("name: Test Team", "name: Renamed Team");
    const { status, body } = await rest("/api/blueprints", { method: "POST", json: { yaml: changed } });
    expect(status).toBe(409);
    expect(body.detail).toContain(`blueprint ${id} version 1.0.0 already exists`);
    expect((await rest(`/api/blueprints/${id}`)).body.name).toBe("Test Team");
  });

  it("keeps versions: the newest is served by default, older ones on request", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    await uploadBlueprint(
      yaml.replace("version: 1.0.0", "version: 1.10.0").replace("max_workers: 12", "max_workers: 20"),
    );
    await uploadBlueprint(yaml.replace("version: 1.0.0", "version: 1.2.0"));
    const newest = await rest(`/api/blueprints/${id}`);
    expect(newest.body.version).toBe("1.10.0");
    expect(newest.body.versions).toEqual(["1.10.0", "1.2.0", "1.0.0"]);
    const old = await rest(`/api/blueprints/${id}?version=1.0.0`);
    expect(old.body.maxWorkers).toBe(12);
    const missing = await rest(`/api/blueprints/${id}?version=9.9.9`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain("no version 9.9.9");
  });

  it("refuses malformed YAML with its line, storing nothing", async () => {
    const id = uniqueName("broken");
    const yaml = `metadata:\n  id: ${id}\n  name: Broken\n  version: 1.0.0\ncluster:\n  type: [department\n`;
    const { status, body } = await rest("/api/blueprints", {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: yaml,
    });
    expect(status).toBe(422);
    expect(body.issues[0].line).toBeGreaterThanOrEqual(6);
    expect((await rest(`/api/blueprints/${id}`)).status).toBe(404);
  });

  it("names the path and line of a schema or hierarchy violation", async () => {
    const { id, yaml } = teamBlueprint();
    const bad = yaml.replace("reports_to: lead", "reports_to: leed");
    const line = bad.split("\n").findIndex((l) => l.includes("reports_to: leed")) + 1;
    const { status, body } = await rest("/api/blueprints", { method: "POST", json: { yaml: bad } });
    expect(status).toBe(422);
    expect(body.detail).toContain("/agents/2/reports_to");
    expect(body.detail).toContain(`line ${line}`);
    expect(body.issues).toEqual([expect.objectContaining({ path: "/agents/2/reports_to", line })]);
    expect((await rest(`/api/blueprints/${id}`)).status).toBe(404);
  });

  it("refuses a blueprint whose program would be the task's prompt, naming the line", async () => {
    const { id, yaml } = teamBlueprint();
    const bad = yaml.replace(
      "    capabilities: [writing]",
      '    capabilities: [writing]\n    runtime: { type: command, argv: ["{prompt}"], prompt_via: argument }',
    );
    const line = bad.split("\n").findIndex((l) => l.includes('argv: ["{prompt}"]')) + 1;
    const { status, body } = await rest("/api/blueprints", { method: "POST", json: { yaml: bad } });
    expect(status).toBe(422);
    expect(body.issues).toEqual([
      expect.objectContaining({
        path: "/agents/2/runtime/argv/0",
        message: expect.stringContaining("cannot contain {prompt}"),
        line,
      }),
    ]);
    expect((await rest(`/api/blueprints/${id}`)).status).toBe(404);
  });

  it("validates without storing", async () => {
    const { id, yaml } = teamBlueprint();
    const ok = await client().blueprints.validate.mutate({ yaml });
    expect(ok).toEqual({ valid: true, issues: [] });
    const bad = await client().blueprints.validate.mutate({ yaml: yaml.replace("min_workers: 3", "min_workers: 30") });
    expect(bad.valid).toBe(false);
    expect(bad.issues.map((i) => i.path)).toContain("/cluster/min_workers");
    expect((await rest(`/api/blueprints/${id}`)).status).toBe(404);
  });

  it("refuses oversized bodies, wrong media types and broken JSON with a 4xx", async () => {
    const huge = "x".repeat(600 * 1024);
    expect(
      (await rest("/api/blueprints", { method: "POST", headers: { "content-type": "application/yaml" }, body: huge }))
        .status,
    ).toBe(413);
    const tooBigForSchema = await rest("/api/blueprints", {
      method: "POST",
      json: { yaml: `# ${"y".repeat(300 * 1024)}` },
    });
    expect(tooBigForSchema.status).toBe(400);
    expect(JSON.stringify(tooBigForSchema.body)).toContain("256 KiB");
    const media = await rest("/api/blueprints", {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: "x",
    });
    expect(media.status).toBe(415);
    const json = await rest("/api/blueprints", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{yaml:",
    });
    expect(json.status).toBe(400);
    expect(json.body.detail).toContain("not valid JSON");
  });

  it("publishes a JSON Schema for editors", async () => {
    const { status, body } = await rest("/schemas/blueprint.json");
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain("reports_to");
    expect(body.properties).toHaveProperty("agents");
  });
});
