/**
 * The planner's conversation with a model: what it is asked (a blueprint, as structured output
 * against the blueprint's JSON Schema, with an explanation), how its answer is read and checked
 * with the same schema and rules as an upload, and what it is told when the answer is not valid.
 */
import { parse } from "yaml";
import type { Blueprint } from "../../schemas/blueprint";
import { type BlueprintIssue, checkBlueprint, formatIssue } from "../blueprint/parse-blueprint";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export type ModelAnswer =
  /** `written`: the blueprint as the model wrote it (no defaults filled in), for the YAML shown. */
  { ok: true; blueprint: Blueprint; written: unknown; explanation: string } | { ok: false; issues: BlueprintIssue[] };

/** The JSON Schema of the answer: the blueprint, and an explanation for the person who asked. */
export function answerSchema(blueprintSchema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, $id: _i, ...blueprint } = blueprintSchema;
  return {
    type: "object",
    additionalProperties: false,
    required: ["explanation", "blueprint"],
    properties: {
      explanation: {
        type: "string",
        description: "Why this hierarchy, these roles, counts and scaling fit the goal, in a few sentences.",
      },
      blueprint,
    },
  };
}

export function plannerMessages(goal: string, blueprintSchema: Record<string, unknown>): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        "You design clusters of AI agents for Myzel. A cluster is described by a blueprint: roles in a",
        "supervisor → lead → specialist → worker tree (exactly one root role with count 1, every other role",
        'reports_to an existing role), counts (a number or a range like "0-5" the scaler moves within),',
        "cluster min_workers/max_workers that the counts fit, routing and scaling thresholds.",
        "Use runtime { type: builtin, behaviour: echo } unless the goal names a tool or a model; never put",
        'secrets in a blueprint. metadata.id is a lowercase slug, metadata.version "1.0.0".',
        "Answer with one JSON object with the keys explanation and blueprint, matching this JSON Schema:",
        JSON.stringify(answerSchema(blueprintSchema)),
      ].join("\n"),
    },
    { role: "user", content: `The goal: ${goal}` },
  ];
}

/** What the model is told after an answer that is not a valid blueprint. */
export function retryMessage(issues: readonly BlueprintIssue[]): ChatMessage {
  return {
    role: "user",
    content: [
      "That answer is not a valid blueprint. Its problems:",
      ...issues.slice(0, 20).map((issue) => `- ${formatIssue(issue)}`),
      "Answer again with the whole corrected JSON object (explanation and blueprint).",
    ].join("\n"),
  };
}

/**
 * The model's text → a checked blueprint. JSON is asked for; a fenced block, or YAML (which
 * some models write anyway), is read too. An answer without the `blueprint` key is taken as
 * the blueprint itself.
 */
export function readModelAnswer(content: string): ModelAnswer {
  const text = unfenced(content);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = parse(text, { maxAliasCount: 100 });
    } catch (error) {
      return fail(`the answer is neither JSON nor YAML: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("the answer must be one JSON object with the keys explanation and blueprint");
  }
  const record = value as Record<string, unknown>;
  const wrapped = "blueprint" in record;
  const written = wrapped ? record.blueprint : record;
  const checked = checkBlueprint(written);
  if (!checked.ok) {
    const issues = wrapped ? checked.issues.map((issue) => inBlueprint(issue)) : checked.issues;
    return { ok: false, issues };
  }
  const said = typeof record.explanation === "string" ? record.explanation.trim() : "";
  const explanation = said || checked.blueprint.metadata.description || "";
  return { ok: true, blueprint: checked.blueprint, written, explanation };
}

function unfenced(content: string): string {
  const fence = /```(?:json|yaml|yml)?\s*\n([\s\S]*?)```/i.exec(content);
  return (fence ? fence[1]! : content).trim();
}

function inBlueprint(issue: BlueprintIssue): BlueprintIssue {
  const path = ["blueprint", ...issue.path];
  return { ...issue, path, pathText: issue.pathText ? `blueprint.${issue.pathText}` : "blueprint" };
}

function fail(message: string): ModelAnswer {
  return { ok: false, issues: [{ path: [], pathText: "", message }] };
}
