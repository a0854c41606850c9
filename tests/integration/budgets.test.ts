/**
 * Budgets: a cluster's hard budget stops its provider calls within one call of the limit, its
 * tasks wait (none fails, none is lost) and say why, and raising the budget lets them finish.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { estimateTokens } from "../../src/domain/providers/provider-calls";
import { startFakeLlm } from "./fake-llm";
import { client, deleteCreatedClusters, rest } from "./helpers";
import { pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

/** $2.50 and $10 per million prompt and answer tokens; each answer is 300 tokens, the most the role allows. */
const PRICE = { inputPerMillion: 2.5, outputPerMillion: 10 };
const ANSWER_TOKENS = 300;
const costOf = (prompt: number, answer: number) =>
  (prompt * PRICE.inputPerMillion + answer * PRICE.outputPerMillion) / 1_000_000;

describe("a hard budget", () => {
  it("admits only the calls that fit while four agents call at once, stops within one call of the limit, and lets the tasks finish once it is raised", {
    timeout: 120_000,
  }, async () => {
    // A provider that counts the prompt as the limiter estimates it, and answers only when the
    // test lets it: the calls under way are what the budget must count, none is recorded yet.
    const charged: number[] = [];
    let answer!: () => void;
    const answering = new Promise<void>((resolve) => (answer = resolve));
    const llm = await startFakeLlm(() => ({ content: "ok", hold: answering }), {
      usage: (request) => {
        const prompt = estimateTokens(request.body.messages, ANSWER_TOKENS).prompt;
        charged.push(costOf(prompt, ANSWER_TOKENS));
        return { prompt, completion: ANSWER_TOKENS };
      },
    });
    try {
      const model = `budget-${randomUUID().slice(0, 8)}`;
      const provider = `p-${randomUUID().slice(0, 8)}`;
      await client().providers.putPrice.mutate({ model, ...PRICE });
      await client().providers.put.mutate({ name: provider, baseUrl: llm.url });
      const cluster = await pool({
        workers: 4,
        runtime: `{ type: llm, provider: ${provider}, model: ${model}, max_tokens: ${ANSWER_TOKENS} }`,
      });
      // A call costs a little over $0.003 (its 300-token answer is $0.003): two fit in $0.008, three do not.
      const hard = 0.008;
      const budget = await client().budgets.put.mutate({
        scope: cluster.id,
        period: "day",
        softUsd: 0.005,
        hardUsd: hard,
      });
      expect(budget).toMatchObject({ spentUsd: 0, soft: false, hold: false });
      expect(
        (await rest(`/api/budgets/${cluster.id}/day`, { method: "PUT", json: { softUsd: 2, hardUsd: 1 } })).status,
      ).toBe(400);
      expect((await rest(`/api/budgets/${randomUUID()}/day`, { method: "PUT", json: { hardUsd: 1 } })).status).toBe(
        404,
      );

      const { taskIds } = await client().tasks.submitMany.mutate({
        id: cluster.id,
        tasks: Array.from({ length: 8 }, (_, i) => ({ role: "worker", payload: { prompt: `task ${i}` } })),
      });
      const waitingForBudget = async () =>
        (await Promise.all(taskIds.map((id) => client().tasks.get.query({ id })))).filter(
          (t) => t.waitingFor?.reason === "budget",
        ).length;
      // Four agents, four tasks taken: two calls are made, the other two wait for the budget.
      await expect.poll(waitingForBudget, { timeout: 60_000 }).toBe(2);
      expect(llm.figures.inFlight).toBe(2);

      answer();
      const spent = () => charged.reduce((sum, usd) => sum + usd, 0);
      // Stopped: the limit is reached, no call is on its way, and tasks wait for the budget.
      await expect
        .poll(async () => spent() >= hard && llm.figures.inFlight === 0 && (await waitingForBudget()) > 0, {
          timeout: 60_000,
        })
        .toBe(true);
      const calls = llm.figures.accepted;
      expect(spent(), `${calls} calls`).toBeLessThanOrEqual(hard + Math.max(...charged) + 1e-9);
      // The hold follows once the recorder has the costs.
      await expect
        .poll(async () => (await client().budgets.list.query({ clusterId: cluster.id })).cluster?.held)
        .toBe(true);
      const state = await client().budgets.list.query({ clusterId: cluster.id });
      expect(state.cluster).toMatchObject({ held: true, soft: true });
      expect(state.cluster?.reason).toContain("daily budget");
      expect(state.items[0]).toMatchObject({ hold: true, soft: true });
      // Nothing failed: the tasks not run are still waiting.
      await expect
        .poll(
          async () => (await client().tasks.list.query({ clusterId: cluster.id, status: "SUCCEEDED" })).items.length,
        )
        .toBe(calls);
      const open = await Promise.all(taskIds.map((id) => client().tasks.get.query({ id })));
      expect(open.filter((t) => t.status === "FAILED")).toEqual([]);

      await client().budgets.put.mutate({ scope: cluster.id, period: "day", softUsd: 0.005, hardUsd: 1 });
      const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 60_000 })));
      expect(done.map((t) => [t.status, t.attempts])).toEqual(taskIds.map(() => ["SUCCEEDED", 1]));
      expect(llm.figures.accepted).toBe(8);
      const after = await client().budgets.list.query({ clusterId: cluster.id });
      expect(after.cluster).toMatchObject({ held: false });
      expect(after.items[0]!.spentUsd).toBeCloseTo(spent(), 10);
    } finally {
      answer();
      await llm.close();
    }
  });

  it("is released by an operator's resume until the period ends", async () => {
    const cluster = await pool({ workers: 1 });
    // Nothing spent yet, but a hard limit of 0 holds at once.
    const held = await client().budgets.put.mutate({ scope: cluster.id, period: "month", softUsd: null, hardUsd: 0 });
    expect(held.hold).toBe(true);
    expect((await client().budgets.list.query({ clusterId: cluster.id })).cluster).toMatchObject({ held: true });
    const resumed = await client().budgets.resume.mutate({ scope: cluster.id, period: "month" });
    expect(resumed).toMatchObject({ hold: false, resumedUntil: resumed.periodEnd });
    expect((await client().budgets.list.query({ clusterId: cluster.id })).cluster).toMatchObject({ held: false });
    await client().budgets.delete.mutate({ scope: cluster.id, period: "month" });
    expect((await rest(`/api/budgets/${cluster.id}/month/resume`, { method: "POST" })).status).toBe(404);
  });
});
