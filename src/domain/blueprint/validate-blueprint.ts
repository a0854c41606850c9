import {
  AGENT_TIERS,
  type AgentTier,
  type Blueprint,
  type BlueprintAgent,
  type CountRange,
  parseCount,
} from "@/schemas/blueprint";

/**
 * Rules that span fields and so cannot live in the zod schema: the reporting hierarchy, counts
 * against the cluster's size, tiers, scaling. Input is a blueprint the schema already accepted.
 */

export type IssuePath = (string | number)[];

export interface BlueprintIssue {
  path: IssuePath;
  /** The path as an author reads it, e.g. "agents[1].reports_to". */
  pathText: string;
  message: string;
  /** 1-based; only set when the issue comes from YAML text. */
  line?: number;
  column?: number;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    return text ? `${text}.${segment}` : segment;
  }, "");
}

function issue(path: IssuePath, message: string): BlueprintIssue {
  return { path, pathText: formatPath(path), message };
}

/** Lower is higher in the hierarchy. */
export function tierRank(tier: AgentTier): number {
  return AGENT_TIERS.indexOf(tier);
}

function isTier(word: string): word is AgentTier {
  return (AGENT_TIERS as readonly string[]).includes(word);
}

/**
 * The tier an agent role has when the blueprint does not say: the role itself if it is a tier
 * word; otherwise supervisor for the root, lead for a role others report to, else worker.
 */
export function resolveTier(
  agent: Pick<BlueprintAgent, "role" | "tier" | "reports_to">,
  agents: readonly Pick<BlueprintAgent, "reports_to">[],
): AgentTier {
  if (agent.tier) return agent.tier;
  if (isTier(agent.role)) return agent.role;
  if (agent.reports_to === undefined) return "supervisor";
  return agents.some((other) => other.reports_to === agent.role) ? "lead" : "worker";
}

function showCount(range: CountRange): string {
  return range.min === range.max ? String(range.min) : `${range.min}-${range.max}`;
}

export function validateBlueprint(blueprint: Blueprint): BlueprintIssue[] {
  return [
    ...checkRoles(blueprint.agents),
    ...checkHierarchy(blueprint.agents),
    ...checkCounts(blueprint),
    ...checkTiers(blueprint.agents),
    ...checkCluster(blueprint.cluster),
  ];
}

/** First index of each role; later duplicates are reported and otherwise ignored. */
function roleIndex(agents: readonly BlueprintAgent[]): Map<string, number> {
  const index = new Map<string, number>();
  agents.forEach((agent, i) => {
    if (!index.has(agent.role)) index.set(agent.role, i);
  });
  return index;
}

/** The manager's index, or undefined for a root or a broken reference (reported elsewhere). */
function managerOf(agent: BlueprintAgent, index: Map<string, number>): number | undefined {
  if (agent.reports_to === undefined || agent.reports_to === agent.role) return undefined;
  return index.get(agent.reports_to);
}

function checkRoles(agents: readonly BlueprintAgent[]): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  const index = roleIndex(agents);
  const known = [...index.keys()].join(", ");
  agents.forEach((agent, i) => {
    const first = index.get(agent.role);
    if (first !== undefined && first !== i) {
      issues.push(
        issue(["agents", i, "role"], `duplicate role "${agent.role}"; it is already defined at agents[${first}]`),
      );
    }
    if (agent.reports_to === undefined) return;
    if (agent.reports_to === agent.role) {
      issues.push(issue(["agents", i, "reports_to"], `role "${agent.role}" cannot report to itself`));
    } else if (!index.has(agent.reports_to)) {
      issues.push(issue(["agents", i, "reports_to"], `unknown role "${agent.reports_to}"; known roles: ${known}`));
    }
  });
  return issues;
}

function checkHierarchy(agents: readonly BlueprintAgent[]): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  const index = roleIndex(agents);
  const roles = [...index.values()];

  // Each role has at most one manager, so walking up from every role finds each cycle.
  const settled = new Set<number>();
  for (const start of roles) {
    const trail: number[] = [];
    let current: number | undefined = start;
    while (current !== undefined && !settled.has(current) && !trail.includes(current)) {
      trail.push(current);
      const agent: BlueprintAgent | undefined = agents[current];
      current = agent ? managerOf(agent, index) : undefined;
    }
    if (current !== undefined && trail.includes(current)) {
      const cycle = trail.slice(trail.indexOf(current));
      const first = Math.min(...cycle);
      const from = cycle.indexOf(first);
      const ordered = [...cycle.slice(from), ...cycle.slice(0, from), first];
      const names = ordered.map((i) => agents[i]?.role).join(" -> ");
      issues.push(issue(["agents", first, "reports_to"], `reporting cycle: ${names}`));
    }
    for (const i of trail) settled.add(i);
  }

  const roots = roles.filter((i) => agents[i]?.reports_to === undefined);
  const [root, ...extra] = roots;
  if (root === undefined) {
    issues.push(issue(["agents"], "no root role: exactly one role must have no reports_to (usually the supervisor)"));
    return issues;
  }
  const rootAgent = agents[root];
  for (const i of extra) {
    issues.push(
      issue(
        ["agents", i, "reports_to"],
        `second root: "${agents[i]?.role}" has no reports_to, but "${rootAgent?.role}" is already the root; exactly one role may have none`,
      ),
    );
  }
  if (rootAgent) {
    const range = parseCount(rootAgent.count);
    if (range.min !== 1 || range.max !== 1) {
      issues.push(
        issue(
          ["agents", root, "count"],
          `the root role "${rootAgent.role}" must have count 1 (it has ${showCount(range)})`,
        ),
      );
    }
  }
  return issues;
}

function checkCounts({ cluster, agents }: Blueprint): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  const { min_workers: minWorkers, max_workers: maxWorkers } = cluster;
  if (minWorkers > maxWorkers) {
    issues.push(
      issue(["cluster", "min_workers"], `min_workers (${minWorkers}) is greater than max_workers (${maxWorkers})`),
    );
  }

  const ranges = agents.map((agent) => parseCount(agent.count));
  ranges.forEach((range, i) => {
    if (range.max > maxWorkers) {
      issues.push(issue(["agents", i, "count"], `count ${showCount(range)} exceeds max_workers (${maxWorkers})`));
    }
  });

  const sumMin = ranges.reduce((sum, range) => sum + range.min, 0);
  const sumMax = ranges.reduce((sum, range) => sum + range.max, 0);
  if (sumMin > maxWorkers) {
    issues.push(
      issue(
        ["cluster", "max_workers"],
        `the roles need at least ${sumMin} agents (sum of minimum counts), but max_workers is ${maxWorkers}`,
      ),
    );
  }
  if (sumMax < minWorkers) {
    issues.push(
      issue(
        ["cluster", "min_workers"],
        `min_workers is ${minWorkers}, but the roles allow at most ${sumMax} agents (sum of maximum counts)`,
      ),
    );
  }

  // A manager that may scale to zero would leave its subordinates without anyone to report to.
  const index = roleIndex(agents);
  index.forEach((i, role) => {
    const subordinates = agents
      .filter((agent) => agent.reports_to === role && agent.role !== role)
      .map((agent) => agent.role);
    const range = ranges[i];
    if (subordinates.length > 0 && range && range.min < 1) {
      issues.push(
        issue(
          ["agents", i, "count"],
          `"${role}" has subordinates (${subordinates.join(", ")}), so its minimum count must be at least 1 (it is ${showCount(range)})`,
        ),
      );
    }
  });
  return issues;
}

function checkTiers(agents: readonly BlueprintAgent[]): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  const index = roleIndex(agents);
  agents.forEach((agent, i) => {
    const managerIndex = managerOf(agent, index);
    const manager = managerIndex === undefined ? undefined : agents[managerIndex];
    if (!manager) return;
    const tier = resolveTier(agent, agents);
    const managerTier = resolveTier(manager, agents);
    if (tierRank(tier) < tierRank(managerTier)) {
      issues.push(
        issue(
          ["agents", i, "tier"],
          `"${agent.role}" (tier ${tier}) outranks its manager "${manager.role}" (tier ${managerTier}); ` +
            `a role's tier must be the same as or below its manager's (${AGENT_TIERS.join(" > ")})`,
        ),
      );
    }
  });
  return issues;
}

function checkCluster(cluster: Blueprint["cluster"]): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  if (cluster.ttl_seconds !== undefined && cluster.type !== "temporary") {
    issues.push(
      issue(["cluster", "ttl_seconds"], `ttl_seconds only applies to temporary clusters (this one is ${cluster.type})`),
    );
  }
  const scaling = cluster.scaling;
  if (!scaling) return issues;
  if (scaling.scale_down_threshold > scaling.scale_up_threshold) {
    issues.push(
      issue(
        ["cluster", "scaling", "scale_down_threshold"],
        `scale_down_threshold (${scaling.scale_down_threshold}) is above scale_up_threshold (${scaling.scale_up_threshold}); the cluster would grow and shrink at once`,
      ),
    );
  }
  if (scaling.metric === "load_percentage") {
    for (const key of ["scale_up_threshold", "scale_down_threshold"] as const) {
      if (scaling[key] > 100) {
        issues.push(
          issue(["cluster", "scaling", key], `load_percentage is a percentage, so ${key} must be at most 100`),
        );
      }
    }
  }
  return issues;
}
