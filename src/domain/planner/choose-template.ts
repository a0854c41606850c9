/**
 * The planner without a model: the shipped template whose words best match the goal's, adapted
 * to it (its own id, the goal as name and description, the size the goal names). Pure: the
 * templates come in as parsed blueprints with their YAML.
 */
import { type Blueprint, MAX_CLUSTER_AGENTS, parseCount } from "../../schemas/blueprint";
import { SLUG } from "../../schemas/blueprint-parts";
import { checkBlueprint } from "../blueprint/parse-blueprint";

export interface Template {
  blueprint: Blueprint;
  /** The YAML file as shipped, comments included (its comments say what it is for). */
  source: string;
}

export interface TemplateChoice {
  template: Template;
  /** The goal's words the template has, best evidence first. */
  matched: string[];
}

/** Words that say nothing about which template fits. */
const STOP_WORDS = new Set(
  "a an and or the of to for in on with that which who is are be by as at from it its we our us i me my up".split(" "),
);

/** Lower-case words of at least 3 letters, plurals folded ("offers" → "offer"). */
export function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}[\p{L}\p{N}]*/gu) ?? [])
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word))
    .map((word) => (word.length > 4 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word));
}

/** The template sharing most distinct words with the goal; on a tie, the generic one (`fallbackId`). */
export function chooseTemplate(goal: string, templates: readonly Template[], fallbackId: string): TemplateChoice {
  if (templates.length === 0) throw new Error("there are no templates to choose from");
  const goalWords = [...new Set(wordsOf(goal))];
  const scored = templates.map((template) => {
    const own = new Set(wordsOf(template.source.replaceAll("_", " ")));
    return { template, matched: goalWords.filter((word) => own.has(word)) };
  });
  const best = Math.max(...scored.map((entry) => entry.matched.length));
  const top = scored.filter((entry) => entry.matched.length === best);
  return top.find((entry) => entry.template.blueprint.metadata.id === fallbackId) ?? top[0]!;
}

/** "up to 10 workers", "at most 12 agents", "max 8 people" → 10, 12, 8. */
export function sizeInGoal(goal: string): number | undefined {
  const match =
    /\b(?:up to|at most|max(?:imum)?(?: of)?|no more than)\s+(\d{1,4})\s+(?:workers?|agents?|people|members?)\b/i.exec(
      goal,
    );
  return match ? Number(match[1]) : undefined;
}

export interface Adaptation {
  blueprint: Blueprint;
  /** What was changed from the template, in words. */
  changes: string[];
}

/** The template made the goal's own: new id and name, the goal as description, its size if it names one. */
export function adaptTemplate(goal: string, template: Template): Adaptation {
  const base = template.blueprint;
  const id = idFromGoal(goal);
  const name = nameFromGoal(goal);
  const changes = [`id ${id} and name "${name}" from the goal`, "the goal as its description"];
  const adapted: Blueprint = {
    ...base,
    metadata: { id, name, version: "1.0.0", description: goal.trim().slice(0, 10_000) },
    cluster: { ...base.cluster },
  };
  const size = sizeInGoal(goal);
  if (size !== undefined) {
    const least = base.agents.reduce((sum, agent) => sum + parseCount(agent.count).min, 0);
    const most = Math.min(Math.max(size, least, 1), MAX_CLUSTER_AGENTS);
    adapted.cluster.max_workers = most;
    adapted.cluster.min_workers = Math.min(base.cluster.min_workers, most);
    changes.push(
      most === size
        ? `max_workers ${most}, as the goal says`
        : `max_workers ${most}: the goal says ${size}, and the template's roles need at least ${least}`,
    );
  }
  const checked = checkBlueprint(JSON.parse(JSON.stringify(adapted)));
  if (checked.ok) return { blueprint: checked.blueprint, changes };
  // The template's counts cannot meet the size asked for: keep its size and say so.
  const kept = checkBlueprint(JSON.parse(JSON.stringify({ ...adapted, cluster: base.cluster })));
  if (!kept.ok) throw new Error(`template ${base.metadata.id} cannot be adapted: ${kept.issues[0]?.message}`);
  return {
    blueprint: kept.blueprint,
    changes: [...changes.slice(0, 2), "its own size, as the size asked for does not fit its roles"],
  };
}

function idFromGoal(goal: string): string {
  const words = wordsOf(goal)
    .slice(0, 4)
    .join("-")
    .normalize("NFKD")
    .replace(/[^a-z0-9-]/g, "");
  const id = `${words || "planned"}`.slice(0, 56).replace(/-+$/, "");
  return SLUG.test(id) ? id : "planned-cluster";
}

function nameFromGoal(goal: string): string {
  const first =
    goal
      .trim()
      .split(/[.,;:\n]/)[0]!
      .trim() || "Planned cluster";
  const short = first.length > 80 ? `${first.slice(0, 77).trimEnd()}…` : first;
  return short.charAt(0).toUpperCase() + short.slice(1);
}
