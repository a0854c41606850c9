/**
 * The parts of a manifest's body that put a blueprint into words: the hierarchy as a tree,
 * what each runtime does (never a secret: keys are only ever named, and a URL's user and
 * password are left out), scaling and memory as sentences. Pure, so the dashboard, the API
 * and the CLI print the same text.
 */
import { type AgentRuntime, type Blueprint, type BlueprintAgent, parseCount } from "../../schemas/blueprint";
import { resolveTier } from "../blueprint/validate-blueprint";

/** `3` → "3", `"0-5"` → "0–5". */
export function countWords(count: BlueprintAgent["count"]): string {
  const { min, max } = parseCount(count);
  return min === max ? String(min) : `${min}–${max}`;
}

/** The reports-to tree of the roles, drawn like `tree(1)`, one line per role. */
export function roleTree(blueprint: Blueprint, label: (agent: BlueprintAgent) => string): string[] {
  const lines: string[] = [];
  const under = (role: string | undefined) => blueprint.agents.filter((agent) => agent.reports_to === role);
  const walk = (agents: BlueprintAgent[], prefix: string, top: boolean, seen: Set<string>) => {
    agents.forEach((agent, index) => {
      const last = index === agents.length - 1;
      lines.push(top ? label(agent) : `${prefix}${last ? "└─ " : "├─ "}${label(agent)}`);
      // A checked blueprint has no cycles; the guard keeps a hand-made one from looping.
      if (seen.has(agent.role)) return;
      walk(under(agent.role), top ? "" : `${prefix}${last ? "   " : "│  "}`, false, new Set([...seen, agent.role]));
    });
  };
  walk(under(undefined), "", true, new Set());
  return lines;
}

export function tierOf(blueprint: Blueprint, agent: BlueprintAgent): string {
  return resolveTier(agent, blueprint.agents);
}

/** A URL without user, password, query or fragment: what may be shown of an endpoint. */
export function shownUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "(an endpoint)";
  }
}

export function runtimeWords(runtime: AgentRuntime): string {
  switch (runtime.type) {
    case "builtin": {
      const sleep = runtime.behaviour === "sleep" ? ` (${runtime.sleep_ms ?? 1000} ms a task)` : "";
      const fails = runtime.fail_probability
        ? `, failing ${Math.round(runtime.fail_probability * 100)} % of tasks`
        : "";
      return `built-in \`${runtime.behaviour}\`${sleep}${fails}`;
    }
    case "command": {
      const program = runtime.argv[0] ?? "";
      const args = runtime.argv.length - 1;
      const mode =
        runtime.mode === "session" ? `, one live session per key (${runtime.session?.preset ?? "generic"})` : "";
      const env = runtime.env_allow?.length ? `; passes ${runtime.env_allow.map(code).join(", ")}` : "";
      const argsText = args > 0 ? ` with ${args} argument${args === 1 ? "" : "s"}` : "";
      return `command \`${program}\`${argsText}, prompt via ${runtime.prompt_via}${mode}${env}`;
    }
    case "llm": {
      const key = runtime.api_key_env ? `, key from ${code(runtime.api_key_env)}` : "";
      const where = runtime.provider
        ? `through provider ${code(runtime.provider)}`
        : `at ${shownUrl(runtime.base_url ?? "")}`;
      return `LLM \`${runtime.model}\` ${where}${key}`;
    }
  }
}

function code(text: string): string {
  return `\`${text}\``;
}

export function scalingWords(blueprint: Blueprint): string[] {
  const { cluster } = blueprint;
  const size = `The cluster runs between ${cluster.min_workers} and ${cluster.max_workers} agents in all; tasks are routed ${cluster.routing}.`;
  const scaling = cluster.scaling;
  if (!scaling) return [size, "It does not scale by itself: it keeps the size it is given until someone scales it."];
  const measure = {
    task_queue_length: (n: number) => `${n} task${n === 1 ? "" : "s"} wait in its queues`,
    load_percentage: (n: number) => `its agents are ${n} % busy`,
    avg_response_time: (n: number) => `tasks take ${n} ms on average`,
  }[scaling.metric];
  const lines = [
    size,
    `It grows when more than ${measure(scaling.scale_up_threshold)}, and shrinks when fewer than ${measure(scaling.scale_down_threshold)}` +
      ` (within ±${Math.round((scaling.tolerance ?? 0.1) * 100)} %).`,
    `It shrinks only when every sample of the last ${scaling.stabilization_seconds ?? 60} s allows it; after growing it waits ` +
      `${scaling.scale_up_cooldown_seconds ?? 10} s before growing again, and ${scaling.scale_down_cooldown_seconds ?? 30} s after any change before shrinking.`,
  ];
  const steps = [
    scaling.max_step_up !== undefined ? `adds at most ${scaling.max_step_up} a step` : undefined,
    scaling.max_step_down !== undefined ? `removes at most ${scaling.max_step_down} a step` : undefined,
  ].filter(Boolean);
  if (steps.length) lines.push(`It ${steps.join(" and ")}.`);
  if (cluster.ttl_seconds) lines.push(`It is destroyed ${cluster.ttl_seconds} s after it is created.`);
  return lines;
}

/** One line per role that uses memory beyond the default; the default is said once. */
export function memoryWords(blueprint: Blueprint): string[] {
  const lines: string[] = [];
  for (const agent of blueprint.agents) {
    const memory = agent.memory;
    if (!memory) continue;
    const parts = [`writes to and searches \`${memory.namespace ?? "shared"}\``];
    if (memory.read?.length) parts.push(`also reads ${memory.read.map(code).join(", ")}`);
    if (memory.write?.length) parts.push(`also writes ${memory.write.map(code).join(", ")}`);
    if (memory.recall_tokens) parts.push(`puts up to ${memory.recall_tokens} tokens of notes into each prompt`);
    if (memory.store_answers) parts.push("stores each answer");
    lines.push(`- **${agent.role}** ${parts.join("; ")}.`);
  }
  const rest = blueprint.agents.length - lines.length;
  if (rest > 0 && lines.length === 0) lines.push("Every role uses the cluster's one namespace `shared`.");
  else if (rest > 0)
    lines.push(`The other ${rest === 1 ? "role uses" : `${rest} roles use`} the cluster's namespace \`shared\`.`);
  return lines;
}

export function placementWords(agent: BlueprintAgent): string {
  const placement = agent.placement;
  if (!placement) return "any node";
  const labels = Object.entries(placement.node_labels).map(([key, value]) => `${key}=${value}`);
  const parts = [labels.length ? `nodes with ${labels.join(", ")}` : "any node"];
  if (placement.spread) parts.push("spread");
  if (placement.max_per_node) parts.push(`at most ${placement.max_per_node} a node`);
  return parts.join(", ");
}
