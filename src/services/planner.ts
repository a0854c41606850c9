/**
 * The planner: a goal in plain words → a proposed blueprint, with its manifest and an
 * explanation. With a model endpoint (MYZEL_PLANNER_URL) the model is asked for structured
 * output, its answer checked like an upload and the problems sent back, a bounded number of
 * times; without one, the closest shipped template is adapted. Nothing is applied: the proposal
 * is only returned (a person uploads it, maybe edited). Every call is recorded with the
 * tokens it used (PlannerCall).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isMap, parseDocument, stringify } from "yaml";
import type { CoreDeps } from "../core/deps";
import { parseBlueprint } from "../domain/blueprint/parse-blueprint";
import { jsonPointer } from "../domain/input/json-pointer";
import { renderManifest } from "../domain/manifest/render-manifest";
import { adaptTemplate, chooseTemplate, type Template } from "../domain/planner/choose-template";
import {
  answerSchema,
  type ChatMessage,
  plannerMessages,
  readModelAnswer,
  retryMessage,
} from "../domain/planner/model-answer";
import type { Actor } from "../schemas/auth-api";
import { type Blueprint, blueprintJsonSchema } from "../schemas/blueprint";
import { SLUG } from "../schemas/blueprint-parts";
import type { Proposal } from "../schemas/planner-api";
import { AppError } from "./app-error";
import { keysetPage, type PageInput } from "./keyset-page";
import { askModel, ModelEndpointError } from "./planner-model";

/** The template used when no template's words match the goal. */
export const GENERIC_TEMPLATE = "project-template-v1";

type Deps = Pick<CoreDeps, "db" | "settings">;

export function plannerStatus(deps: Deps) {
  const { settings } = deps;
  return {
    mode: settings.PLANNER_URL ? ("model" as const) : ("template" as const),
    model: settings.PLANNER_URL ? settings.PLANNER_MODEL : null,
    templates: loadTemplates(settings.blueprintsDir).map((t) => t.blueprint.metadata.id),
  };
}

export async function proposeBlueprint(
  deps: Deps,
  goal: string,
  actor: Actor,
  fetchImpl: typeof fetch = fetch,
): Promise<Proposal> {
  const started = Date.now();
  const record = (entry: Omit<RecordedCall, "goal" | "actor" | "durationMs">) =>
    recordCall(deps, { ...entry, goal, actor, durationMs: Date.now() - started });
  const proposal = deps.settings.PLANNER_URL
    ? await fromModel(deps, goal, record, fetchImpl)
    : await fromTemplate(deps, goal);
  await record({
    mode: proposal.mode,
    model: proposal.model,
    blueprintId: proposal.mode === "template" ? proposal.template : proposal.blueprintId,
    attempts: proposal.attempts,
    promptTokens: proposal.usage.promptTokens,
    completionTokens: proposal.usage.completionTokens,
    outcome: "proposed",
    detail: null,
  });
  return proposal;
}

type Recorder = (entry: Omit<RecordedCall, "goal" | "actor" | "durationMs">) => Promise<void>;

async function fromModel(deps: Deps, goal: string, record: Recorder, fetchImpl: typeof fetch): Promise<Proposal> {
  const { settings } = deps;
  const endpoint = {
    url: settings.PLANNER_URL!,
    model: settings.PLANNER_MODEL,
    apiKey: settings.PLANNER_API_KEY,
    timeoutMs: settings.PLANNER_TIMEOUT_MS,
  };
  const schema = blueprintJsonSchema();
  const messages: ChatMessage[] = plannerMessages(goal, schema);
  const usage = { promptTokens: 0, completionTokens: 0 };
  const failure = (outcome: "invalid" | "failed", attempts: number, detail: string) =>
    record({ mode: "model", model: endpoint.model, blueprintId: null, attempts, ...usage, outcome, detail });
  for (let attempt = 1; attempt <= settings.PLANNER_ATTEMPTS; attempt++) {
    let reply: Awaited<ReturnType<typeof askModel>>;
    try {
      reply = await askModel(endpoint, messages, answerSchema(schema), fetchImpl);
    } catch (error) {
      if (!(error instanceof ModelEndpointError)) throw error;
      await failure("failed", attempt - 1, error.message);
      throw new AppError("BAD_GATEWAY", error.message);
    }
    usage.promptTokens += reply.promptTokens;
    usage.completionTokens += reply.completionTokens;
    const answer = readModelAnswer(reply.content);
    if (answer.ok) {
      const blueprint = await withFreeId(deps, answer.blueprint);
      const yaml = stringify({ ...(answer.written as object), metadata: blueprint.metadata }, { lineWidth: 0 });
      const retried =
        attempt > 1
          ? ` Its first ${attempt - 1} answer${attempt > 2 ? "s were" : " was"} not valid and it was told why.`
          : "";
      return proposal(blueprint, yaml, {
        mode: "model",
        explanation: `${answer.explanation}\n\nProposed by the model ${endpoint.model} in ${attempt} attempt${attempt === 1 ? "" : "s"}.${retried}`,
        template: null,
        model: endpoint.model,
        attempts: attempt,
        usage,
      });
    }
    if (attempt === settings.PLANNER_ATTEMPTS) {
      const issues = answer.issues.map((issue) => ({ path: jsonPointer(issue.path), message: issue.message }));
      const first = answer.issues[0]!;
      const detail = `the model ${endpoint.model} gave no valid blueprint in ${attempt} attempt${attempt === 1 ? "" : "s"}; the last answer's first problem: ${first.pathText ? `${first.pathText}: ` : ""}${first.message}`;
      await failure("invalid", attempt, detail);
      throw new AppError("UNPROCESSABLE_CONTENT", detail, issues);
    }
    messages.push({ role: "assistant", content: reply.content }, retryMessage(answer.issues));
  }
  throw new Error("unreachable: the loop returns or throws on its last attempt");
}

async function fromTemplate(deps: Deps, goal: string): Promise<Proposal> {
  const templates = loadTemplates(deps.settings.blueprintsDir);
  if (templates.length === 0) {
    throw new AppError(
      "UNPROCESSABLE_CONTENT",
      `no planner model is configured (MYZEL_PLANNER_URL) and the blueprints folder ${deps.settings.blueprintsDir} has no valid template to adapt`,
    );
  }
  const { template, matched } = chooseTemplate(goal, templates, GENERIC_TEMPLATE);
  const adapted = adaptTemplate(goal, template);
  const blueprint = await withFreeId(deps, adapted.blueprint);
  const yaml = templateYaml(template.source, blueprint);
  const { id, name } = template.blueprint.metadata;
  const why = matched.length
    ? `whose words match the goal best (${matched.slice(0, 8).join(", ")})`
    : "the generic one, as no template's words match the goal";
  return proposal(blueprint, yaml, {
    mode: "template",
    explanation: [
      `No planner model is configured (an admin sets MYZEL_PLANNER_URL), so Myzel adapted the shipped template "${name}" (${id}), ${why}.`,
      `Changed from the template: ${adapted.changes.join("; ")}.`,
      "Its roles, counts and runtimes are the template's own: review and edit them before creating the cluster.",
    ].join(" "),
    template: id,
    model: null,
    attempts: 0,
    usage: { promptTokens: 0, completionTokens: 0 },
  });
}

function proposal(
  blueprint: Blueprint,
  yaml: string,
  rest: Omit<Proposal, "yaml" | "manifest" | "blueprintId">,
): Proposal {
  const manifest = renderManifest({ blueprint, source: yaml, generatedAt: new Date().toISOString() });
  return { ...rest, yaml, manifest, blueprintId: blueprint.metadata.id };
}

/**
 * The template's YAML with the adapted metadata and size, its comments kept; checked to give
 * the adapted blueprint, else written out plainly.
 */
function templateYaml(source: string, blueprint: Blueprint): string {
  const doc = parseDocument(source);
  if (isMap(doc.contents)) {
    doc.setIn(["metadata"], doc.createNode(blueprint.metadata));
    doc.setIn(["cluster", "min_workers"], blueprint.cluster.min_workers);
    doc.setIn(["cluster", "max_workers"], blueprint.cluster.max_workers);
    const text = doc.toString({ lineWidth: 0 });
    const again = parseBlueprint(text);
    if (again.ok && JSON.stringify(again.blueprint) === JSON.stringify(blueprint)) return text;
  }
  return stringify(blueprint, { lineWidth: 0 });
}

/** The proposal's id, or with -2, -3 … the first that no stored blueprint uses. */
async function withFreeId(deps: Deps, blueprint: Blueprint): Promise<Blueprint> {
  const base = blueprint.metadata.id;
  const taken = new Set(
    (
      await deps.db.clusterBlueprint.findMany({
        where: { blueprintId: { startsWith: base } },
        select: { blueprintId: true },
        distinct: ["blueprintId"],
      })
    ).map((row) => row.blueprintId),
  );
  if (!taken.has(base)) return blueprint;
  for (let n = 2; ; n++) {
    const id = `${base.slice(0, 60)}-${n}`;
    if (!taken.has(id) && SLUG.test(id)) return { ...blueprint, metadata: { ...blueprint.metadata, id } };
  }
}

/** The valid blueprints of the blueprints folder: the templates. An invalid file is skipped (start-up logs it). */
function loadTemplates(dir: string): Template[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((file) => /\.ya?ml$/.test(file))
      .sort();
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const source = readFileSync(path.join(dir, file), "utf8");
    const parsed = parseBlueprint(source);
    return parsed.ok ? [{ blueprint: parsed.blueprint, source }] : [];
  });
}

interface RecordedCall {
  actor: Actor;
  goal: string;
  mode: "model" | "template";
  model: string | null;
  blueprintId: string | null;
  attempts: number;
  promptTokens: number;
  completionTokens: number;
  outcome: "proposed" | "invalid" | "failed";
  detail: string | null;
  durationMs: number;
}

async function recordCall(deps: Deps, call: RecordedCall) {
  const { actor, ...rest } = call;
  await deps.db.plannerCall.create({
    data: { ...rest, goal: call.goal.slice(0, 4000), actorId: actor.id, actorName: actor.name },
  });
}

export async function listPlannerCalls(deps: Pick<CoreDeps, "db">, input: PageInput) {
  return keysetPage(input, "at", {
    fetch: (keyset) => deps.db.plannerCall.findMany(keyset),
    count: () => deps.db.plannerCall.count(),
    toDto: (row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actorName: row.actorName,
      goal: row.goal,
      mode: row.mode as "model" | "template",
      model: row.model,
      blueprintId: row.blueprintId,
      attempts: row.attempts,
      promptTokens: row.promptTokens,
      completionTokens: row.completionTokens,
      outcome: row.outcome as "proposed" | "invalid" | "failed",
      detail: row.detail,
      durationMs: row.durationMs,
    }),
  });
}
