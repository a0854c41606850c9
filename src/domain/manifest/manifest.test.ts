import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBlueprint } from "../blueprint/parse-blueprint";
import { blueprintArbitrary } from "./blueprint-arbitrary";
import { looksLikeManifest, parseManifest } from "./parse-manifest";
import { type ClusterFacts, renderManifest } from "./render-manifest";

const AT = "2026-12-02T04:00:00.000Z";
const marketingSource = readFileSync(new URL("../../../blueprints/marketing.yaml", import.meta.url), "utf8");
const marketing = (() => {
  const result = parseBlueprint(marketingSource);
  if (!result.ok) throw new Error("blueprints/marketing.yaml does not parse");
  return result.blueprint;
})();

function parsed(text: string) {
  const result = parseManifest(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.blueprint;
}

describe("manifest round trip", () => {
  it("gives back an equal blueprint for any valid blueprint", () => {
    fc.assert(
      fc.property(blueprintArbitrary, (blueprint) => {
        expect(parsed(renderManifest({ blueprint, generatedAt: AT }))).toEqual(blueprint);
      }),
      { numRuns: 200 },
    );
    // About 10 ms a case; the bound leaves room for a loaded machine.
  }, 120_000);

  it("keeps a shipped blueprint's own YAML, comments included, as the front matter", () => {
    const manifest = renderManifest({ blueprint: marketing, source: marketingSource, generatedAt: AT });
    expect(manifest.startsWith(`---\n${marketingSource}`)).toBe(true);
    expect(parsed(manifest)).toEqual(marketing);
  });

  it("writes the blueprint out when its source has a line that would end the front matter", () => {
    const source = `---\n${marketingSource}`;
    const manifest = renderManifest({ blueprint: marketing, source, generatedAt: AT });
    expect(parsed(manifest)).toEqual(marketing);
  });
});

describe("the manifest's body", () => {
  const manifest = renderManifest({ blueprint: marketing, source: marketingSource, generatedAt: AT });

  it("explains purpose, hierarchy, roles, counts, scaling and memory", () => {
    expect(manifest).toContain("# Marketing Department");
    for (const heading of [
      "## Purpose",
      "## Hierarchy",
      "## Roles",
      "## Counts and placement",
      "## Scaling",
      "## Memory",
    ])
      expect(manifest).toContain(heading);
    // The tree: the supervisor at the top, content writers under their lead.
    expect(manifest).toMatch(/^Marketing Supervisor \(supervisor, supervisor\) ×1$/m);
    expect(manifest).toMatch(
      /^├─ Content Lead \(content_lead, lead\) ×1\n│ {2}├─ Content Creator \(content_writer, worker\) ×0–6$/m,
    );
    expect(manifest).toContain(
      "It grows when more than 10 tasks wait in its queues, and shrinks when fewer than 2 tasks wait",
    );
    expect(manifest).not.toContain("## State");
  });

  it("never shows what could be a secret of an llm endpoint", () => {
    const blueprint = parsed(
      renderManifest({
        blueprint: {
          ...marketing,
          agents: marketing.agents.map((agent, index) =>
            index === 0
              ? {
                  ...agent,
                  runtime: {
                    type: "llm" as const,
                    base_url: "https://user:s3cret@llm.example.com/v1?key=abc",
                    model: "m",
                    api_key_env: "OPENAI_API_KEY",
                  },
                }
              : agent,
          ),
        },
        generatedAt: AT,
      }),
    );
    const body = renderManifest({ blueprint, generatedAt: AT }).split("\n---\n").slice(1).join("\n");
    expect(body).toContain("LLM `m` at https://llm.example.com/v1, key from `OPENAI_API_KEY`");
    expect(body).not.toContain("s3cret");
    expect(body).not.toContain("key=abc");
  });

  it("of a cluster says its state, planned and running agents, and recent figures", () => {
    const cluster: ClusterFacts = {
      id: "c-1",
      name: "Marketing Q1",
      description: null,
      status: "ACTIVE",
      currentWorkers: 6,
      targetWorkers: 7,
      roleTargets: { supervisor: 1, content_lead: 1, content_writer: 2 },
      runningByRole: { supervisor: 1, content_lead: 1, content_writer: 1 },
      createdAt: AT,
      statusChangedAt: AT,
      nodes: 2,
      figures: {
        hours: 24,
        succeeded: 90,
        failed: 10,
        open: 3,
        deadLetters: 1,
        healing: [{ kind: "agent_restarted", count: 2 }],
      },
    };
    const text = renderManifest({ blueprint: marketing, source: marketingSource, generatedAt: AT, cluster });
    expect(text).toContain("# Marketing Q1");
    expect(text).toContain("- Status: **ACTIVE** since");
    expect(text).toContain("- Agents running: 6 of 7 planned, on 2 nodes");
    expect(text).toContain("- Tasks: 90 succeeded, 10 failed (10 % failed), 3 open now");
    expect(text).toContain("- Healing: agent_restarted ×2");
    expect(text).toMatch(/^│ {2}├─ Content Creator \(content_writer, worker\) ×2$/m);
    expect(parsed(text)).toEqual(marketing);
  });
});

describe("parsing a manifest", () => {
  const manifest = renderManifest({ blueprint: marketing, source: marketingSource, generatedAt: AT });

  it("reads an edited front matter and ignores the body", () => {
    const edited = manifest
      .replace("version: 1.0.0", "version: 1.1.0")
      .replace("## Purpose", "## Purpose\n\nAnything said here is not read.");
    expect(parsed(edited).metadata.version).toBe("1.1.0");
  });

  it("points at the manifest's own line of a problem in the front matter", () => {
    const lines = manifest.split("\n");
    const at = lines.findIndex((line) => line.includes("reports_to: content_lead"));
    lines[at] = lines[at]!.replace("content_lead", "nobody");
    const result = parseManifest(lines.join("\n"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ line: at + 1, pathText: expect.stringContaining("reports_to") });
  });

  it("points at the line of a YAML syntax error, after blank lines before the front matter", () => {
    const text = `\n\n---\nmetadata: { id: x, name: X, version: 1.0.0\ncluster: {}\n---\n# body\n`;
    const result = parseManifest(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it("says what is missing without front matter, or when it is not closed", () => {
    const bare = parseManifest("# Just a document\n\nno front matter\n");
    expect(bare).toMatchObject({
      ok: false,
      issues: [{ line: 1, message: expect.stringContaining("starts with a line '---'") }],
    });
    const open = parseManifest("---\nmetadata: {}\n");
    expect(open).toMatchObject({ ok: false, issues: [{ line: 1, message: expect.stringContaining("not closed") }] });
    const empty = parseManifest("---\n---\n# body\n");
    expect(empty).toMatchObject({ ok: false, issues: [{ line: 2, message: "the blueprint is empty" }] });
  });

  it("is told apart from bare blueprint YAML", () => {
    expect(looksLikeManifest(manifest)).toBe(true);
    expect(looksLikeManifest(marketingSource)).toBe(false);
    expect(looksLikeManifest(`---\n${marketingSource}`)).toBe(false);
  });

  it("refuses unknown keys in the front matter like an upload does, at their line", () => {
    const text = manifest.replace("cluster:\n", "cluster:\n  colour: blue\n");
    const result = parseManifest(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.split("\n").findIndex((l) => l.includes("colour: blue")) + 1;
    expect(result.issues[0]).toMatchObject({ line, message: expect.stringContaining("colour") });
  });
});
