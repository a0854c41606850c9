import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blueprintJsonSchema } from "../../schemas/blueprint";
import { parseBlueprint } from "../blueprint/parse-blueprint";
import { adaptTemplate, chooseTemplate, sizeInGoal, type Template } from "./choose-template";
import { plannerMessages, readModelAnswer, retryMessage } from "./model-answer";

const dir = new URL("../../../blueprints/", import.meta.url);
const templates: Template[] = readdirSync(dir)
  .filter((file) => file.endsWith(".yaml"))
  .map((file) => {
    const source = readFileSync(new URL(file, dir), "utf8");
    const parsed = parseBlueprint(source);
    if (!parsed.ok) throw new Error(`${file} does not parse`);
    return { blueprint: parsed.blueprint, source };
  });
const GENERIC = "project-template-v1";

describe("choosing a template from the goal's words", () => {
  it.each([
    ["a procurement team that compares supplier offers and drafts orders, up to 10 workers", "einkauf-v1"],
    ["a marketing department that writes campaign content and social media posts", "marketing-v1"],
    ["researchers who collect findings that writers then use for articles", "research-desk"],
    ["an architect, a coder and a critic that build and deploy software", "agent-foundry-v1"],
    ["zzz qqq", GENERIC],
  ])("%s → %s", (goal, id) => {
    expect(chooseTemplate(goal, templates, GENERIC).template.blueprint.metadata.id).toBe(id);
  });

  it("adapts the template: its own id and name, the goal as description, the size the goal names", () => {
    const goal = "A procurement team that compares supplier offers and drafts orders, up to 10 workers";
    const { template, matched } = chooseTemplate(goal, templates, GENERIC);
    expect(matched).toEqual(expect.arrayContaining(["procurement", "supplier", "order"]));
    const { blueprint, changes } = adaptTemplate(goal, template);
    expect(blueprint.metadata).toEqual({
      id: "procurement-team-compare-supplier",
      name: "A procurement team that compares supplier offers and drafts orders",
      version: "1.0.0",
      description: goal,
    });
    expect(blueprint.cluster.max_workers).toBe(10);
    expect(blueprint.agents).toEqual(template.blueprint.agents);
    expect(changes).toContain("max_workers 10, as the goal says");
  });

  it("keeps a size the roles need, saying why, when the goal asks for fewer", () => {
    const goal = "a procurement team, up to 2 workers";
    const { blueprint, changes } = adaptTemplate(goal, chooseTemplate(goal, templates, GENERIC).template);
    expect(blueprint.cluster.max_workers).toBeGreaterThan(2);
    expect(changes.join(" ")).toMatch(/needs? at least|does not fit/);
  });

  it("reads sizes as people write them", () => {
    expect(sizeInGoal("up to 10 workers")).toBe(10);
    expect(sizeInGoal("At most 12 agents please")).toBe(12);
    expect(sizeInGoal("a team of experts")).toBeUndefined();
  });
});

describe("a model's answer", () => {
  const valid = templates[0]!.blueprint;

  it("is read as JSON, fenced JSON or YAML, and checked like an upload", () => {
    const wrapped = JSON.stringify({ explanation: "Because.", blueprint: valid });
    expect(readModelAnswer(wrapped)).toMatchObject({ ok: true, blueprint: valid, explanation: "Because." });
    expect(readModelAnswer(`Here it is:\n\`\`\`json\n${wrapped}\n\`\`\``)).toMatchObject({ ok: true });
    expect(readModelAnswer(JSON.stringify(valid))).toMatchObject({ ok: true, blueprint: valid });
  });

  it("that is not valid gives issues the model is told, with their paths", () => {
    const broken = { ...valid, agents: valid.agents.map((a, i) => (i === 1 ? { ...a, reports_to: "nobody" } : a)) };
    const answer = readModelAnswer(JSON.stringify({ explanation: "x", blueprint: broken }));
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.issues[0]!.pathText).toBe("blueprint.agents[1].reports_to");
    expect(retryMessage(answer.issues).content).toContain("blueprint.agents[1].reports_to");
    expect(readModelAnswer("metadata: [unclosed")).toMatchObject({ ok: false });
    expect(readModelAnswer("[1, 2]")).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringContaining("one JSON object") }],
    });
  });

  it("is asked for with the blueprint's JSON Schema", () => {
    const [system, user] = plannerMessages("a goal", blueprintJsonSchema());
    expect(system!.content).toContain('"reports_to"');
    expect(user!.content).toBe("The goal: a goal");
  });
});
