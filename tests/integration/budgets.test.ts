/**
 * Budgets: a cluster's hard budget stops its provider calls within one task of the limit, its
 * tasks wait (none fails, none is lost) and say why, and raising the budget lets them finish.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeLlm } from "./fake-llm";
import { client, deleteCreatedClusters, rest } from "./helpers";
import { pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

/** 1,200 prompt and 300 completion tokens at $2.50 and $10 per million: $0.006 a task. */
const TASK_COST = 0.006;

describe("a hard budget", () => {
  it("stops new calls within one task of the limit; the tasks wait and finish once it is raised", {
    timeout: 120_000,
  }, async () => {
    // As a real model takes seconds, each answer comes once the tasks answered before it are recorded
    // with their cost: the budget counts recorded costs (an agent faster than the recorder overspends).
    let clusterId = "";
    let answered = 0;
    const recorded = async (count: number) => {
      while ((await client().tasks.list.query({ clusterId, status: "SUCCEEDED" })).items.length < count)
        await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const llm = await startFakeLlm(() => ({ content: "ok", hold: recorded(answered++) }), {
      usage: () => ({ prompt: 1200, completion: 300 }),
    });
    try {
      const model = `budget-${randomUUID().slice(0, 8)}`;
      const provider = `p-${randomUUID().slice(0, 8)}`;
      await client().providers.putPrice.mutate({ model, inputPerMillion: 2.5, outputPerMillion: 10 });
      await client().providers.put.mutate({ name: provider, baseUrl: llm.url });
      const cluster = await pool({ workers: 1, runtime: `{ type: llm, provider: ${provider}, model: ${model} }` });
      clusterId = cluster.id;
      const hard = 0.02;
      const budget = await client().budgets.put.mutate({
        scope: cluster.id,
        period: "day",
        softUsd: 0.01,
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
      // The one agent takes tasks one at a time: once one of them waits for the budget, no call is on its way.
      await expect
        .poll(
          async () => {
            const details = await Promise.all(taskIds.map((id) => client().tasks.get.query({ id })));
            return details.some((t) => t.waitingFor?.reason === "budget");
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      const calls = llm.figures.accepted;
      expect(calls * TASK_COST).toBeLessThanOrEqual(hard + TASK_COST + 1e-9);
      expect(calls).toBeGreaterThanOrEqual(2);
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

      await client().budgets.put.mutate({ scope: cluster.id, period: "day", softUsd: 0.01, hardUsd: 1 });
      const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 60_000 })));
      expect(done.map((t) => [t.status, t.attempts])).toEqual(taskIds.map(() => ["SUCCEEDED", 1]));
      expect(llm.figures.accepted).toBe(8);
      const after = await client().budgets.list.query({ clusterId: cluster.id });
      expect(after.cluster).toMatchObject({ held: false });
      expect(after.items[0]!.spentUsd).toBeCloseTo(8 * TASK_COST, 10);
    } finally {
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
