import { describe, expect, it } from "vitest";
import {
  type BlueprintIssue,
  checkBlueprint,
  formatIssue,
  MAX_BLUEPRINT_BYTES,
  parseBlueprint,
} from "./parse-blueprint";

// Line numbers matter in these tests: each line of VALID is numbered in the comment beside it.
const VALID = [
  "metadata:", //                                1
  "  id: marketing-v1", //                       2
  "  name: Marketing", //                        3
  "  version: 1.0.0", //                         4
  "cluster:", //                                 5
  "  type: department", //                       6
  "  min_workers: 3", //                         7
  "  max_workers: 20", //                        8
  "  scaling:", //                               9
  "    scale_up_threshold: 10", //               10
  "    scale_down_threshold: 2", //              11
  "agents:", //                                  12
  "  - role: supervisor", //                     13
  "    name: Supervisor", //                     14
  "  - role: lead", //                           15
  "    name: Lead", //                           16
  "    reports_to: supervisor", //               17
  "  - role: worker", //                         18
  "    name: Worker", //                         19
  "    count: 1-5", //                           20
  "    reports_to: lead", //                     21
].join("\n");

/** VALID with line `line` (1-based) replaced by `text` (may hold several lines, or none). */
function withLine(line: number, text: string): string {
  const lines = VALID.split("\n");
  lines.splice(line - 1, 1, ...(text === "" ? [] : [text]));
  return lines.join("\n");
}

function issuesOf(text: string): BlueprintIssue[] {
  const result = parseBlueprint(text);
  if (result.ok) throw new Error("expected the blueprint to be rejected");
  return result.issues;
}

function onlyIssue(text: string): BlueprintIssue {
  const issues = issuesOf(text);
  expect(issues).toHaveLength(1);
  return issues[0]!;
}

describe("parseBlueprint: valid input", () => {
  it("returns the blueprint with defaults applied", () => {
    const result = parseBlueprint(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.blueprint.metadata).toEqual({ id: "marketing-v1", name: "Marketing", version: "1.0.0" });
    expect(result.blueprint.cluster.scaling?.metric).toBe("task_queue_length");
    expect(result.blueprint.agents.map((agent) => agent.count)).toEqual([1, 1, "1-5"]);
  });

  it("keeps a version YAML reads as a number as it was written", () => {
    const version = (text: string) => {
      const result = parseBlueprint(withLine(4, `  version: ${text}`));
      return result.ok ? result.blueprint.metadata.version : result.issues;
    };
    expect(version("1.0")).toBe("1.0");
    expect(version("2")).toBe("2");
    expect(version('"1.10"')).toBe("1.10");
  });

  it("accepts a leading document marker and a schema modeline", () => {
    const text = `# yaml-language-server: $schema=http://localhost:3000/schemas/blueprint.json\n---\n${VALID}\n`;
    expect(parseBlueprint(text).ok).toBe(true);
  });
});

describe("parseBlueprint: positions of schema and semantic issues", () => {
  it("reports an unknown reports_to on its own line", () => {
    expect(onlyIssue(withLine(17, "    reports_to: leed"))).toEqual({
      path: ["agents", 1, "reports_to"],
      pathText: "agents[1].reports_to",
      message: 'unknown role "leed"; known roles: supervisor, lead, worker',
      line: 17,
      column: 17,
    });
  });

  it("reports a prompt placeholder as the program on its line", () => {
    const text = withLine(
      19,
      '    name: Worker\n    runtime: { type: command, argv: ["{prompt}", "-v"], prompt_via: argument }',
    );
    expect(onlyIssue(text)).toMatchObject({
      pathText: "agents[2].runtime.argv[0]",
      message: expect.stringContaining("cannot contain {prompt}"),
      line: 20,
    });
  });

  it("reports a wrong value type at the value", () => {
    expect(onlyIssue(withLine(8, "  max_workers: many"))).toMatchObject({
      pathText: "cluster.max_workers",
      message: 'expected a number, got "many"',
      line: 8,
      column: 16,
    });
  });

  it("reports an unknown key at the key, with a suggestion", () => {
    expect(onlyIssue(withLine(21, "    reports-to: lead"))).toMatchObject({
      pathText: "agents[2].reports-to",
      message: expect.stringMatching(/^unknown key "reports-to" \(did you mean "reports_to"\?\)/),
      line: 21,
      column: 5,
    });
  });

  it("reports a missing key where it belongs: the list item or the parent key", () => {
    expect(onlyIssue(withLine(16, ""))).toMatchObject({
      pathText: "agents[1].name",
      message: "is required",
      line: 15,
      column: 5,
    });
    expect(onlyIssue(withLine(3, ""))).toMatchObject({
      pathText: "metadata.name",
      message: "is required",
      line: 1,
      column: 1,
    });
  });

  it("reports a missing top-level section at the start of the document", () => {
    const text = VALID.split("\n").slice(0, 11).join("\n");
    expect(onlyIssue(text)).toMatchObject({ pathText: "agents", message: "is required", line: 1, column: 1 });
  });

  it("reports an empty value at its key", () => {
    expect(onlyIssue(withLine(19, "    name:"))).toMatchObject({
      pathText: "agents[2].name",
      message: "expected text, got nothing",
      line: 19,
      column: 5,
    });
  });

  it("reports a malformed count range on its line", () => {
    expect(onlyIssue(withLine(20, "    count: 5-1"))).toMatchObject({
      pathText: "agents[2].count",
      line: 20,
      column: 12,
    });
  });

  it("positions semantic issues too: a second root, a cycle, thresholds", () => {
    expect(onlyIssue(withLine(17, ""))).toMatchObject({
      pathText: "agents[1].reports_to",
      message: expect.stringMatching(/^second root: "lead" has no reports_to/),
      line: 15,
    });
    expect(issuesOf(withLine(17, "    reports_to: worker"))[0]).toMatchObject({
      message: "reporting cycle: lead -> worker -> lead",
      line: 17,
    });
    const issue = onlyIssue(withLine(11, "    scale_down_threshold: 12"));
    expect(issue).toMatchObject({ pathText: "cluster.scaling.scale_down_threshold", line: 11, column: 27 });
  });

  it("reports every schema problem at once", () => {
    const text = withLine(8, "  max_workers: 0\n  routing: fastest");
    expect(issuesOf(text).map((issue) => [issue.pathText, issue.line])).toEqual([
      ["cluster.max_workers", 8],
      ["cluster.routing", 9],
    ]);
  });
});

describe("parseBlueprint: YAML problems", () => {
  it("reports a syntax error with its line, once per line", () => {
    const issue = onlyIssue(withLine(19, "    name: [Worker"));
    expect(issue.message).toMatch(/^YAML syntax error: Flow sequence .* must .* end with a \]$/);
    expect(issue).toMatchObject({ line: 20, column: 5 });
  });

  it("reports bad indentation with its line", () => {
    const issue = issuesOf(withLine(3, " name: Marketing"))[0];
    expect(issue).toMatchObject({
      message: "YAML syntax error: All mapping items must start at the same column",
      line: 3,
    });
  });

  it("reports a tab used for indentation", () => {
    expect(issuesOf(withLine(14, "\tname: Supervisor"))[0]).toMatchObject({
      message: expect.stringMatching(/Tabs/),
      line: 14,
    });
  });

  it("reports a duplicate key by name and line", () => {
    expect(onlyIssue(withLine(19, "    name: Worker\n    name: Other"))).toEqual({
      path: [],
      pathText: "",
      message: 'duplicate key "name"; each key may appear only once in a mapping',
      line: 20,
      column: 5,
    });
  });

  it("rejects several documents in one text", () => {
    expect(onlyIssue(`${VALID}\n---\nmetadata: {}\n`)).toMatchObject({
      message: "a blueprint is one YAML document; remove the '---' separator and what follows",
      line: 22,
    });
  });

  it.each(["", "   \n", "# only a comment\n", "---\n"])("rejects the empty document %j", (text) => {
    expect(onlyIssue(text)).toMatchObject({ message: "the blueprint is empty", line: 1 });
  });

  it.each(["- a\n- b\n", "just text\n", "42\n"])("rejects a top level that is not a mapping: %j", (text) => {
    expect(onlyIssue(text).message).toBe("the top level must be a mapping with the keys metadata, cluster and agents");
  });

  it("rejects alias bombs instead of expanding them", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) {
      const name = String.fromCharCode(98 + i);
      const prev = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    expect(onlyIssue(lines.join("\n")).message).toMatch(/^cannot read the YAML: /);
  });

  it("rejects texts over 256 KiB before parsing them", () => {
    const big = `${VALID}\n${"#".repeat(MAX_BLUEPRINT_BYTES)}\n`;
    expect(onlyIssue(big).message).toMatch(/bytes; the limit is 262144 \(256 KiB\)$/);
  });
});

describe("checkBlueprint", () => {
  it("runs schema and semantic checks on a parsed value, without positions", () => {
    const value = {
      metadata: { id: "x", name: "X", version: "1" },
      cluster: { type: "project", min_workers: 1, max_workers: 2 },
      agents: [
        { role: "boss", name: "Boss" },
        { role: "w", name: "W", reports_to: "bos" },
      ],
    };
    const result = checkBlueprint(value);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: ["agents", 1, "reports_to"],
          pathText: "agents[1].reports_to",
          message: 'unknown role "bos"; known roles: boss, w',
        },
      ],
    });
    expect(checkBlueprint({ ...value, agents: [value.agents[0]] }).ok).toBe(true);
  });
});

describe("formatIssue", () => {
  it("puts position, path and message on one line", () => {
    const issue = onlyIssue(withLine(17, "    reports_to: leed"));
    expect(formatIssue(issue)).toBe(
      'line 17, column 17: agents[1].reports_to: unknown role "leed"; known roles: supervisor, lead, worker',
    );
    expect(formatIssue({ path: [], pathText: "", message: "the blueprint is empty" })).toBe("the blueprint is empty");
  });
});
