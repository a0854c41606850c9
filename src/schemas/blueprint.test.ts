import { describe, expect, it } from "vitest";
import { blueprintSchema, parseCount } from "./blueprint";
import { agent, type Json, minimal, problems } from "./blueprint-fixtures";

describe("blueprintSchema defaults", () => {
  it("fills in every default and keeps keys snake_case", () => {
    const parsed = blueprintSchema.parse(minimal());
    expect(parsed.cluster.routing).toBe("round-robin");
    expect(parsed.agents[0]).toEqual({
      role: "supervisor",
      name: "Boss",
      count: 1,
      capabilities: [],
      weight: 1,
      concurrency: 1,
      runtime: { type: "builtin", behaviour: "echo" },
    });
  });

  it("defaults the scaling metric and the command runtime's knobs", () => {
    const bp = minimal();
    bp.cluster.scaling = { scale_up_threshold: 5, scale_down_threshold: 1 };
    agent(bp).runtime = { type: "command", argv: ["cat"] };
    const parsed = blueprintSchema.parse(bp);
    expect(parsed.cluster.scaling?.metric).toBe("task_queue_length");
    expect(parsed.agents[0]?.runtime).toEqual({
      type: "command",
      argv: ["cat"],
      prompt_via: "stdin",
      timeout_ms: 300_000,
      max_output_bytes: 1_048_576,
    });
  });

  it("is idempotent: its output is valid input and parses to itself", () => {
    const once = blueprintSchema.parse({ ...minimal(), agents: [{ role: "a", name: "A", count: "0-3" }] });
    expect(blueprintSchema.parse(once)).toEqual(once);
  });
});

describe("metadata", () => {
  it.each(["Team", "-team", ".hidden", "a b", "x".repeat(65), ""])("rejects the id %j", (id) => {
    expect(problems((bp) => (bp.metadata.id = id))).toEqual([
      expect.stringMatching(/^metadata\.id: id must be lowercase letters/),
    ]);
  });

  it.each(["a", "marketing-v1", "team_2.0", "x".repeat(64)])("accepts the id %j", (id) => {
    expect(problems((bp) => (bp.metadata.id = id))).toEqual([]);
  });

  it.each(["1", "1.2", "1.2.3", "1.0.0-beta.1", "2.1.0+build.7"])("accepts the version %j", (version) => {
    expect(problems((bp) => (bp.metadata.version = version))).toEqual([]);
  });

  it.each(["v1", "1.2.3.4", "", "1..2"])("rejects the version %j", (version) => {
    expect(problems((bp) => (bp.metadata.version = version))).toEqual([
      'metadata.version: must be a version like "1.0.0"',
    ]);
  });

  it("turns a numeric version into text and rejects negative ones", () => {
    const bp = minimal();
    bp.metadata.version = 2;
    expect(blueprintSchema.parse(bp).metadata.version).toBe("2");
    expect(problems((b) => (b.metadata.version = -1))).toEqual(["metadata.version: must be at least 0"]);
  });

  it("says which keys are required and rejects blank names", () => {
    expect(problems((bp) => delete bp.metadata.name)).toEqual(["metadata.name: is required"]);
    expect(problems((bp) => delete bp.metadata.version)).toEqual(["metadata.version: is required"]);
    expect(problems((bp) => (bp.metadata.name = "   "))).toEqual(["metadata.name: must not be empty"]);
  });
});

describe("cluster", () => {
  it("names the allowed cluster types", () => {
    expect(problems((bp) => (bp.cluster.type = "dept"))).toEqual([
      'cluster.type: must be one of: department, project, temporary, persistent (got "dept")',
    ]);
  });

  it("bounds min_workers and max_workers", () => {
    expect(problems((bp) => (bp.cluster.min_workers = -1))).toEqual(["cluster.min_workers: must be at least 0"]);
    expect(problems((bp) => (bp.cluster.max_workers = 0))).toEqual(["cluster.max_workers: must be at least 1"]);
    expect(problems((bp) => (bp.cluster.max_workers = 1001))).toEqual(["cluster.max_workers: must be at most 1000"]);
    expect(problems((bp) => (bp.cluster.max_workers = 2.5))).toEqual([
      "cluster.max_workers: expected a whole number, got 2.5",
    ]);
    expect(problems((bp) => (bp.cluster.max_workers = "many"))).toEqual([
      'cluster.max_workers: expected a number, got "many"',
    ]);
  });

  it("checks routing and ttl_seconds", () => {
    expect(problems((bp) => (bp.cluster.routing = "random"))).toEqual([
      'cluster.routing: must be one of: round-robin, least-busy, sticky, weighted (got "random")',
    ]);
    expect(problems((bp) => (bp.cluster.ttl_seconds = 0))).toEqual(["cluster.ttl_seconds: must be at least 1"]);
  });

  it("checks scaling", () => {
    expect(problems((bp) => (bp.cluster.scaling = { scale_up_threshold: -1, scale_down_threshold: 0 }))).toEqual([
      "cluster.scaling.scale_up_threshold: must be at least 0",
    ]);
    expect(problems((bp) => (bp.cluster.scaling = { scale_up_threshold: 3 }))).toEqual([
      "cluster.scaling.scale_down_threshold: is required",
    ]);
    expect(
      problems((bp) => (bp.cluster.scaling = { metric: "cpu", scale_up_threshold: 3, scale_down_threshold: 1 })),
    ).toEqual([expect.stringMatching(/^cluster\.scaling\.metric: must be one of: task_queue_length, load_percentage/)]);
  });
});

describe("agents", () => {
  it("requires a non-empty list", () => {
    expect(problems((bp) => (bp.agents = []))).toEqual(["agents: must not be empty"]);
    expect(problems((bp) => ((bp as Json).agents = { role: "x" }))).toEqual(["agents: expected a list, got a mapping"]);
  });

  it("checks role ids and tiers", () => {
    expect(problems((bp) => (agent(bp).role = "Content Writer"))).toEqual([
      expect.stringMatching(/^agents\.0\.role: role must be lowercase/),
    ]);
    expect(problems((bp) => (agent(bp).tier = "boss"))).toEqual([
      'agents.0.tier: must be one of: supervisor, lead, specialist, worker (got "boss")',
    ]);
    expect(problems((bp) => (agent(bp).name = null))).toEqual(["agents.0.name: expected text, got nothing"]);
  });

  it("checks capabilities, weight and concurrency", () => {
    expect(problems((bp) => (agent(bp).capabilities = "writing"))).toEqual([
      'agents.0.capabilities: expected a list, got "writing"',
    ]);
    expect(problems((bp) => (agent(bp).capabilities = [""]))).toEqual(["agents.0.capabilities.0: must not be empty"]);
    expect(problems((bp) => (agent(bp).weight = 0))).toEqual(["agents.0.weight: must be greater than 0"]);
    expect(problems((bp) => (agent(bp).concurrency = 0))).toEqual(["agents.0.concurrency: must be at least 1"]);
    expect(problems((bp) => (agent(bp).concurrency = 1001))).toEqual(["agents.0.concurrency: must be at most 1000"]);
  });

  it("checks limits", () => {
    expect(problems((bp) => (agent(bp).limits = { memory_mb: 8 }))).toEqual([
      "agents.0.limits.memory_mb: must be at least 16",
    ]);
    expect(problems((bp) => (agent(bp).limits = { user: "root" }))).toEqual([]);
    expect(problems((bp) => (agent(bp).limits = { cpu: 0 }))).toEqual([
      "agents.0.limits.cpu: must be at least 0.01 (a hundredth of a core)",
    ]);
    expect(problems((bp) => (agent(bp).limits = { cpu: "half" as never }))).toHaveLength(1);
    expect(problems((bp) => (agent(bp).limits = { cpu: 0.5, run_as_root: true } as never))).toHaveLength(1);
    expect(problems((bp) => (agent(bp).limits = { user: "Bad User" }))).toEqual([
      "agents.0.limits.user: must be an OS user name like myzel-agent",
    ]);
    expect(problems((bp) => (agent(bp).limits = { memory_mb: 256, user: "myzel-agent" }))).toEqual([]);
  });
});

describe("count", () => {
  it.each([
    [0, 0],
    [3, 3],
    ["0-5", "0-5"],
    ["3-3", "3-3"],
  ])("accepts %j as %j", (count, stored) => {
    const bp = minimal();
    agent(bp).count = count;
    expect(blueprintSchema.parse(bp).agents[0]?.count).toBe(stored);
  });

  it("explains a range written backwards", () => {
    expect(problems((bp) => (agent(bp).count = "5-2"))).toEqual([
      'agents.0.count: range "5-2" starts above its end; write the smaller number first, like "2-5"',
    ]);
  });

  it.each(["x", "1-", "-3", "1-2-3", " 1-2", "1 - 2", 1.5, [1, 2], true])("rejects the malformed count %j", (count) => {
    expect(problems((bp) => (agent(bp).count = count))).toEqual([
      'agents.0.count: must be a whole number like 2 or a range like "0-5"',
    ]);
  });

  it("rejects negative counts", () => {
    expect(problems((bp) => (agent(bp).count = -1))).toEqual(["agents.0.count: must be at least 0"]);
  });
});

describe("parseCount", () => {
  it("turns counts into ranges", () => {
    expect(parseCount(3)).toEqual({ min: 3, max: 3 });
    expect(parseCount("0-5")).toEqual({ min: 0, max: 5 });
  });

  it.each(["5-2", "abc", "", "1 - 2", -1, 1.5])("throws a RangeError for %j", (count) => {
    expect(() => parseCount(count)).toThrow(RangeError);
  });
});
