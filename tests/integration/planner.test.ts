/**
 * The planner against a model: a second server configured with the local fake OpenAI-compatible
 * endpoint (a model that answers invalid YAML first, then a blueprint that breaks a rule, then a
 * valid one; one that is never valid;
 * one whose endpoint fails); and without a model on the main server, where the closest shipped
 * template is adapted. A proposal is never applied until it is uploaded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMyzelClient, type MyzelClient } from "../../src/client";
import { createToken } from "../../src/services/api-tokens";
import { type FakeLlmRequest, startFakeLlm } from "./fake-llm";
import { client, rest, uniqueName } from "./helpers";
import { type SideServer, startSideServer } from "./side-server";

const PROCUREMENT = {
  metadata: { id: "procurement-desk", name: "Procurement Desk", version: "1.0.0" },
  cluster: { type: "department", min_workers: 2, max_workers: 10 },
  agents: [
    { role: "head_of_purchasing", name: "Head of Purchasing", capabilities: ["approval"] },
    { role: "buyer", name: "Buyer", count: "1-9", reports_to: "head_of_purchasing", capabilities: ["quotes"] },
  ],
};
const answer = (blueprint: unknown) =>
  JSON.stringify({ explanation: "One head approves; buyers compare offers.", blueprint });
const brokenBlueprint = {
  ...PROCUREMENT,
  agents: [PROCUREMENT.agents[0], { ...PROCUREMENT.agents[1], reports_to: "nobody" }],
};

/** The fake model's behaviour is chosen by the words of the goal. */
function model(request: FakeLlmRequest) {
  const goal = request.body.messages.find((m) => m.role === "user")!.content;
  const told = request.body.messages.filter((m) => m.role === "user").length - 1;
  if (goal.includes("endpoint is down")) return { status: 503, content: "overloaded" };
  if (goal.includes("never valid")) return { content: "metadata: [this is not, a blueprint" };
  if (goal.includes("third try")) {
    if (told === 0) return { content: "metadata: { id: procurement-desk\nagents: [" };
    return { content: answer(told === 1 ? brokenBlueprint : PROCUREMENT) };
  }
  return { content: answer(PROCUREMENT) };
}

let fake: Awaited<ReturnType<typeof startFakeLlm>>;
let side: SideServer;
let myzel: MyzelClient;
let token: string;

beforeAll(async () => {
  fake = await startFakeLlm(model);
  side = await startSideServer("planner", 13, {
    MYZEL_PLANNER_URL: fake.url,
    MYZEL_PLANNER_MODEL: "planner-test-model",
    MYZEL_PLANNER_API_KEY: "sk-planner-test",
    MYZEL_PLANNER_ATTEMPTS: "3",
  });
  token = (await createToken(side.server.deps.db, { name: "planner", role: "ADMIN" }, null)).token;
  myzel = createMyzelClient({ url: side.server.url, token });
}, 90_000);

afterAll(async () => {
  await side?.stop();
  await fake?.close();
});

const requestsFor = (words: string) =>
  fake.requests.filter((r) => r.body.messages.some((m) => m.role === "user" && m.content.includes(words)));

describe("the planner with a model", () => {
  it("asks for structured output, sends the problems of each invalid answer back, and proposes the valid retry", async () => {
    const goal = "a procurement team, on the third try";
    const proposal = await myzel.planner.propose.mutate({ goal });
    expect(proposal).toMatchObject({
      mode: "model",
      model: "planner-test-model",
      attempts: 3,
      blueprintId: "procurement-desk",
      usage: { promptTokens: 36, completionTokens: 15 },
    });
    expect(proposal.explanation).toContain("One head approves");
    expect(proposal.explanation).toContain("in 3 attempts");
    expect(proposal.manifest).toContain("Head of Purchasing (head_of_purchasing, supervisor) ×1");

    const [first, second, third] = requestsFor(goal);
    expect(first!.authorization).toBe("Bearer sk-planner-test");
    const format = (
      first!.body as unknown as { response_format: { type: string; json_schema: { schema: { required: string[] } } } }
    ).response_format;
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.schema.required).toEqual(["explanation", "blueprint"]);
    // Each retry carries the model's own answer and what was wrong with it.
    expect(second!.body.messages.at(-2)).toMatchObject({
      role: "assistant",
      content: expect.stringContaining("agents: ["),
    });
    expect(second!.body.messages.at(-1)!.content).toContain("the answer is neither JSON nor YAML");
    const told = third!.body.messages.at(-1)!.content;
    expect(told).toContain("blueprint.agents[1].reports_to");
    expect(told).toContain("nobody");

    // Nothing is applied: the blueprint exists only once it is uploaded.
    await expect(myzel.blueprints.get.query({ id: "procurement-desk" })).rejects.toThrow(/does not exist/);
    const uploaded = await myzel.blueprints.upload.mutate({ yaml: proposal.yaml });
    expect(uploaded.blueprint.id).toBe("procurement-desk");
    // A second plan of the same goal gets an id of its own.
    expect((await myzel.planner.propose.mutate({ goal })).blueprintId).toBe("procurement-desk-2");
  });

  it("fails clearly when the model never answers a valid blueprint, after the attempts allowed", async () => {
    const goal = "a team that is never valid";
    const refused = await fetch(`${side.server.url}/api/planner/proposals`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ goal }),
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { detail: string; issues: unknown[] };
    expect(problem.detail).toContain("the model planner-test-model gave no valid blueprint in 3 attempts");
    expect(problem.issues.length).toBeGreaterThan(0);
    expect(requestsFor(goal)).toHaveLength(3);
  });

  it("answers 502 when the endpoint fails, and records every call with its tokens", async () => {
    const goal = "a team whose endpoint is down";
    const refused = await fetch(`${side.server.url}/api/planner/proposals`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ goal }),
    });
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { detail: string }).detail).toContain("answered 503");

    const calls = (await myzel.planner.calls.query({ limit: 50 })).items;
    const of = (text: string) => calls.filter((call) => call.goal.includes(text));
    expect(of("third try")[1]).toMatchObject({
      mode: "model",
      outcome: "proposed",
      attempts: 3,
      promptTokens: 36,
      completionTokens: 15,
      blueprintId: "procurement-desk",
      actorName: "planner",
    });
    expect(of("never valid")[0]).toMatchObject({ outcome: "invalid", attempts: 3, promptTokens: 36 });
    expect(of("endpoint is down")[0]).toMatchObject({
      outcome: "failed",
      attempts: 0,
      detail: expect.stringContaining("503"),
    });
    expect(await myzel.planner.status.query({})).toMatchObject({ mode: "model", model: "planner-test-model" });
  });
});

describe("the planner without a model", () => {
  it("adapts the closest shipped template, says so, and applies nothing until it is uploaded", async () => {
    const goal = `A procurement team that compares supplier offers and drafts orders, up to 10 workers (${uniqueName("plan")})`;
    const proposal = await client().planner.propose.mutate({ goal });
    expect(proposal).toMatchObject({ mode: "template", template: "einkauf-v1", attempts: 0, model: null });
    expect(proposal.explanation).toContain("No planner model is configured");
    expect(proposal.explanation).toContain("Einkauf");
    expect(proposal.explanation).toContain("max_workers 10, as the goal says");
    // The template's comments are kept in the proposal.
    expect(proposal.yaml).toContain("# Orders are spread by weight");
    expect(proposal.manifest).toContain("Einkaufsleitung (einkaufsleitung, supervisor) ×1");

    expect((await rest(`/api/blueprints/${proposal.blueprintId}`)).status).toBe(404);
    const uploaded = await client().blueprints.upload.mutate({ yaml: proposal.yaml });
    expect(uploaded.blueprint).toMatchObject({ id: proposal.blueprintId, maxWorkers: 10 });

    const calls = await client().planner.calls.query({ limit: 20 });
    expect(calls.items.find((call) => call.goal === goal)).toMatchObject({
      mode: "template",
      blueprintId: "einkauf-v1",
      outcome: "proposed",
      promptTokens: 0,
    });
  });

  it("is for admins: an operator may not plan", async () => {
    const operator = await client().tokens.create.mutate({ name: uniqueName("op"), role: "OPERATOR" });
    const refused = await rest("/api/planner/proposals", {
      method: "POST",
      json: { goal: "a small team that writes things" },
      token: operator.token,
    });
    expect(refused.status).toBe(403);
  });
});
