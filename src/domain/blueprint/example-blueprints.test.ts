import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssue, parseBlueprint } from "./parse-blueprint";
import { defaultTargetWorkers, planAgents, workerBounds } from "./plan-agents";

// The blueprints and the format reference ship with the product; they must stay valid.
const root = new URL("../../../", import.meta.url);
const blueprintDir = fileURLToPath(new URL("blueprints/", root));
const files = readdirSync(blueprintDir).filter((name) => name.endsWith(".yaml"));
const read = (name: string) => readFileSync(`${blueprintDir}${name}`, "utf8");

function parsed(text: string) {
  const result = parseBlueprint(text);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
  return result.blueprint;
}

/** A runtime shown commented out ("# runtime:" and the "#   ..." lines under it), uncommented. */
function commentedRuntimes(text: string): string[] {
  const blocks: string[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const start = /^(\s*)# runtime:\s*$/.exec(line);
    if (!start) return;
    const indent = start[1] ?? "";
    const body: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (!next.startsWith(`${indent}#   `)) break;
      body.push(next.slice(indent.length + 2));
    }
    blocks.push(body.join("\n"));
  });
  return blocks;
}

describe("blueprints/*.yaml", () => {
  it("ships the four documented example blueprints", () => {
    expect(files).toEqual(
      expect.arrayContaining(["agent-foundry.yaml", "einkauf.yaml", "marketing.yaml", "project-template.yaml"]),
    );
  });

  it.each(files)("%s parses without issues and plans a tree with one root", (name) => {
    const blueprint = parsed(read(name));
    const plan = planAgents(blueprint, defaultTargetWorkers(blueprint));
    expect(plan.filter((agent) => agent.parentKey === null)).toHaveLength(1);
    const seen = new Set<string>();
    for (const agent of plan) {
      if (agent.parentKey !== null) expect(seen.has(agent.parentKey)).toBe(true);
      seen.add(agent.key);
    }
    // The largest size must plan too.
    expect(planAgents(blueprint, workerBounds(blueprint).max).length).toBe(workerBounds(blueprint).max);
  });

  it.each(files)("%s points editors at the published JSON Schema", (name) => {
    expect(read(name).split("\n")[0]).toBe(
      "# yaml-language-server: $schema=http://localhost:3000/schemas/blueprint.json",
    );
  });

  it("have the documented, distinct ids", () => {
    const ids = files.map((name) => parsed(read(name)).metadata.id);
    expect(ids).toEqual(
      expect.arrayContaining(["agent-foundry-v1", "einkauf-v1", "marketing-v1", "project-template-v1"]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("agent-foundry runs a supervisor and the five specialists", () => {
    const blueprint = parsed(read("agent-foundry.yaml"));
    const plan = planAgents(blueprint, defaultTargetWorkers(blueprint));
    expect(plan.map((agent) => `${agent.key}:${agent.tier}`)).toEqual([
      "foundry-1:supervisor",
      "architect-1:specialist",
      "coder-1:specialist",
      "executor-1:specialist",
      "critic-1:specialist",
      "deployer-1:specialist",
    ]);
    expect(blueprint.cluster).toMatchObject({ type: "persistent", routing: "least-busy" });
  });

  it("documents a command and an llm runtime in comments, and they are valid", () => {
    const runtimes = files.flatMap((name) => commentedRuntimes(read(name)));
    expect(runtimes.map((block) => parsedRuntime(block).type)).toEqual(expect.arrayContaining(["command", "llm"]));
  });
});

describe("docs/blueprint-format.md", () => {
  it("its complete example parses without issues", () => {
    const doc = readFileSync(fileURLToPath(new URL("docs/blueprint-format.md", root)), "utf8");
    const example = /<!-- complete example -->\s*```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    parsed(example ?? "");
  });
});

/** Validates a runtime block by placing it in a minimal blueprint. */
function parsedRuntime(block: string) {
  const indented = block
    .split("\n")
    .map((line) => `      ${line}`)
    .join("\n");
  const text = [
    'metadata: { id: x, name: X, version: "1" }',
    "cluster: { type: project, min_workers: 1, max_workers: 1 }",
    "agents:",
    "  - role: x",
    "    name: X",
    "    runtime:",
    indented,
  ].join("\n");
  const runtime = parsed(text).agents[0]?.runtime;
  if (!runtime) throw new Error("no runtime parsed");
  return runtime;
}
