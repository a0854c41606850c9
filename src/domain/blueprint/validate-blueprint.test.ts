import { describe, expect, it } from "vitest";
import { type Blueprint, blueprintSchema } from "@/schemas/blueprint";
import { formatPath, resolveTier, tierRank, validateBlueprint } from "./validate-blueprint";

type AgentInput = { role: string; name?: string; count?: number | string; reports_to?: string; tier?: string };

function blueprint(agents: AgentInput[], cluster: Record<string, unknown> = {}): Blueprint {
  return blueprintSchema.parse({
    metadata: { id: "test", name: "Test", version: "1" },
    cluster: { type: "department", min_workers: 0, max_workers: 20, ...cluster },
    agents: agents.map((agent) => ({ name: agent.role, ...agent })),
  });
}

/** "pathText: message" lines, the way an author reads them. */
function problems(bp: Blueprint): string[] {
  return validateBlueprint(bp).map((issue) => `${issue.pathText}: ${issue.message}`);
}

const team: AgentInput[] = [
  { role: "supervisor" },
  { role: "lead", reports_to: "supervisor", count: 2 },
  { role: "worker", reports_to: "lead", count: "0-5" },
];

describe("formatPath", () => {
  it("writes paths the way they read in YAML", () => {
    expect(formatPath(["agents", 1, "reports_to"])).toBe("agents[1].reports_to");
    expect(formatPath(["cluster", "scaling", "metric"])).toBe("cluster.scaling.metric");
    expect(formatPath([])).toBe("");
  });
});

describe("validateBlueprint", () => {
  it("accepts a sound hierarchy", () => {
    expect(validateBlueprint(blueprint(team))).toEqual([]);
  });

  it("returns paths as arrays as well as text", () => {
    const [issue] = validateBlueprint(blueprint([{ role: "supervisor" }, { role: "x", reports_to: "nobody" }]));
    expect(issue).toEqual({
      path: ["agents", 1, "reports_to"],
      pathText: "agents[1].reports_to",
      message: 'unknown role "nobody"; known roles: supervisor, x',
    });
    expect(issue?.line).toBeUndefined();
  });

  it("reports duplicate roles", () => {
    expect(problems(blueprint([...team, { role: "lead", reports_to: "supervisor" }]))).toEqual([
      'agents[3].role: duplicate role "lead"; it is already defined at agents[1]',
    ]);
  });

  it("reports reports_to naming an unknown role, listing the known ones", () => {
    expect(problems(blueprint([team[0]!, team[1]!, { role: "worker", reports_to: "leed" }]))).toEqual([
      'agents[2].reports_to: unknown role "leed"; known roles: supervisor, lead, worker',
    ]);
  });

  it("reports a role reporting to itself", () => {
    expect(problems(blueprint([team[0]!, { role: "lead", reports_to: "lead" }]))).toEqual([
      'agents[1].reports_to: role "lead" cannot report to itself',
    ]);
  });

  it("names a two-role cycle once, starting at the first role of it", () => {
    const bp = blueprint([{ role: "supervisor" }, { role: "a", reports_to: "b" }, { role: "b", reports_to: "a" }]);
    expect(problems(bp)).toEqual(["agents[1].reports_to: reporting cycle: a -> b -> a"]);
  });

  it("names a longer cycle in reporting order, also when entered from outside", () => {
    const bp = blueprint([
      { role: "supervisor" },
      { role: "x", reports_to: "c" },
      { role: "c", reports_to: "a" },
      { role: "a", reports_to: "b" },
      { role: "b", reports_to: "c" },
    ]);
    expect(problems(bp)).toEqual(["agents[2].reports_to: reporting cycle: c -> a -> b -> c"]);
  });

  it("reports a blueprint without a root", () => {
    const bp = blueprint([
      { role: "a", reports_to: "b" },
      { role: "b", reports_to: "a" },
    ]);
    expect(problems(bp)).toEqual([
      "agents[0].reports_to: reporting cycle: a -> b -> a",
      "agents: no root role: exactly one role must have no reports_to (usually the supervisor)",
    ]);
  });

  it("reports every root after the first", () => {
    const bp = blueprint([{ role: "supervisor" }, { role: "worker" }, { role: "helper" }]);
    expect(problems(bp)).toEqual([
      'agents[1].reports_to: second root: "worker" has no reports_to, but "supervisor" is already the root; exactly one role may have none',
      'agents[2].reports_to: second root: "helper" has no reports_to, but "supervisor" is already the root; exactly one role may have none',
    ]);
  });

  it.each([
    [2, "2"],
    [0, "0"],
    ["0-1", "0-1"],
    ["1-3", "1-3"],
  ])("requires the root role to have count 1, not %j", (count, shown) => {
    const issues = problems(blueprint([{ role: "boss", count }]));
    expect(issues).toContain(`agents[0].count: the root role "boss" must have count 1 (it has ${shown})`);
  });

  it("accepts the root role written as the range 1-1", () => {
    expect(problems(blueprint([{ role: "boss", count: "1-1" }]))).toEqual([]);
  });

  it("reports min_workers above max_workers", () => {
    expect(problems(blueprint([{ role: "boss" }], { min_workers: 5, max_workers: 3 }))).toContain(
      "cluster.min_workers: min_workers (5) is greater than max_workers (3)",
    );
  });

  it("reports a count range reaching past max_workers", () => {
    const bp = blueprint([{ role: "boss" }, { role: "worker", reports_to: "boss", count: "0-12" }], {
      max_workers: 10,
    });
    expect(problems(bp)).toEqual(["agents[1].count: count 0-12 exceeds max_workers (10)"]);
  });

  it("reports minimum counts that cannot fit into max_workers", () => {
    const bp = blueprint(
      [{ role: "boss" }, { role: "a", reports_to: "boss", count: 3 }, { role: "b", reports_to: "boss", count: "3-4" }],
      { max_workers: 6 },
    );
    expect(problems(bp)).toEqual([
      "cluster.max_workers: the roles need at least 7 agents (sum of minimum counts), but max_workers is 6",
    ]);
  });

  it("reports maximum counts that never reach min_workers", () => {
    const bp = blueprint([{ role: "boss" }, { role: "w", reports_to: "boss", count: "0-3" }], { min_workers: 5 });
    expect(problems(bp)).toEqual([
      "cluster.min_workers: min_workers is 5, but the roles allow at most 4 agents (sum of maximum counts)",
    ]);
  });

  it("requires a manager role to keep at least one agent", () => {
    const bp = blueprint([
      { role: "boss" },
      { role: "lead", reports_to: "boss", count: "0-2" },
      { role: "a", reports_to: "lead" },
      { role: "b", reports_to: "lead" },
    ]);
    expect(problems(bp)).toEqual([
      'agents[1].count: "lead" has subordinates (a, b), so its minimum count must be at least 1 (it is 0-2)',
    ]);
  });

  it("reports a subordinate that outranks its manager", () => {
    const bp = blueprint([
      { role: "boss" },
      { role: "helper", reports_to: "boss", tier: "worker" },
      { role: "expert", reports_to: "helper", tier: "specialist" },
    ]);
    expect(problems(bp)).toEqual([
      'agents[2].tier: "expert" (tier specialist) outranks its manager "helper" (tier worker); a role\'s tier must be the same as or below its manager\'s (supervisor > lead > specialist > worker)',
    ]);
  });

  it("applies the tier rule to default tiers too", () => {
    // "helper" has a subordinate, so it defaults to lead, above its worker-tier manager.
    const bp = blueprint([
      { role: "boss" },
      { role: "grunt", reports_to: "boss", tier: "worker" },
      { role: "helper", reports_to: "grunt" },
      { role: "sub", reports_to: "helper" },
    ]);
    expect(problems(bp)).toEqual([
      expect.stringMatching(/^agents\[2\]\.tier: "helper" \(tier lead\) outranks its manager "grunt" \(tier worker\)/),
    ]);
  });

  it("allows a subordinate of the same tier as its manager", () => {
    const bp = blueprint([
      { role: "boss" },
      { role: "a", reports_to: "boss", tier: "specialist" },
      { role: "b", reports_to: "a", tier: "specialist" },
    ]);
    expect(problems(bp)).toEqual([]);
  });

  it("reports scale_down_threshold above scale_up_threshold, and allows them equal", () => {
    const scaled = (down: number) =>
      blueprint([{ role: "boss" }], { scaling: { scale_up_threshold: 5, scale_down_threshold: down } });
    expect(problems(scaled(6))).toEqual([
      "cluster.scaling.scale_down_threshold: scale_down_threshold (6) is above scale_up_threshold (5); the cluster would grow and shrink at once",
    ]);
    expect(problems(scaled(5))).toEqual([]);
  });

  it("keeps load_percentage thresholds within 100", () => {
    const bp = blueprint([{ role: "boss" }], {
      scaling: { metric: "load_percentage", scale_up_threshold: 120, scale_down_threshold: 20 },
    });
    expect(problems(bp)).toEqual([
      "cluster.scaling.scale_up_threshold: load_percentage is a percentage, so scale_up_threshold must be at most 100",
    ]);
  });

  it("allows ttl_seconds only for temporary clusters", () => {
    expect(problems(blueprint([{ role: "boss" }], { type: "project", ttl_seconds: 60 }))).toEqual([
      "cluster.ttl_seconds: ttl_seconds only applies to temporary clusters (this one is project)",
    ]);
    expect(problems(blueprint([{ role: "boss" }], { type: "temporary", ttl_seconds: 60 }))).toEqual([]);
  });
});

describe("resolveTier", () => {
  const agents = [
    { role: "boss" },
    { role: "manager", reports_to: "boss" },
    { role: "writer", reports_to: "manager" },
    { role: "lead", reports_to: "boss" },
  ];

  it("uses an explicit tier first", () => {
    expect(resolveTier({ role: "boss", tier: "lead" }, agents)).toBe("lead");
  });

  it("uses the role itself when it is a tier word", () => {
    expect(resolveTier({ role: "lead", reports_to: "boss" }, agents)).toBe("lead");
    expect(resolveTier({ role: "specialist", reports_to: "boss" }, agents)).toBe("specialist");
    expect(resolveTier({ role: "worker" }, agents)).toBe("worker");
  });

  it("makes the root a supervisor, a manager a lead and everyone else a worker", () => {
    expect(resolveTier({ role: "boss" }, agents)).toBe("supervisor");
    expect(resolveTier({ role: "manager", reports_to: "boss" }, agents)).toBe("lead");
    expect(resolveTier({ role: "writer", reports_to: "manager" }, agents)).toBe("worker");
  });

  it("ranks supervisor highest", () => {
    expect([tierRank("supervisor"), tierRank("lead"), tierRank("specialist"), tierRank("worker")]).toEqual([
      0, 1, 2, 3,
    ]);
  });
});
