/**
 * Providers: an admin names an endpoint once with fleet-wide limits; every agent whose role
 * names it takes its turn from the same limiter in Redis; a 429 pauses the whole provider and
 * the call is made again without failing the task; waiting shows on the task; cost is recorded.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeLlm } from "./fake-llm";
import { client, deleteCreatedClusters, rest } from "./helpers";
import { pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const providerName = () => `p-${randomUUID().slice(0, 8)}`;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("providers", () => {
  it("are defined once by an admin, with limits and current use; never with a key", async () => {
    const name = providerName();
    const saved = await client().providers.put.mutate({
      name,
      baseUrl: "https://api.example.com/v1",
      apiKeyEnv: "EXAMPLE_API_KEY",
      limits: { requestsPerMinute: 60, tokensPerMinute: 20_000, concurrentRequests: 5 },
    });
    expect(saved).toMatchObject({ name, apiKeyEnv: "EXAMPLE_API_KEY", limits: { requestsPerMinute: 60 } });
    const read = await client().providers.get.query({ name });
    expect(read.usage).toMatchObject({ requests: 0, rejected: 0, inFlight: 0, waiting: [], pausedUntil: null });
    expect((await client().providers.list.query({})).items.map((p) => p.name)).toContain(name);

    const bad = await rest(`/api/providers/${name}`, {
      method: "PUT",
      json: { baseUrl: "https://api.example.com/v1", apiKeyEnv: "sk-live-1234", apiKey: "sk-live-1234" },
    });
    expect(bad.status).toBe(400);
    const problem = bad.body as { issues: Array<{ path: string }> };
    expect(problem.issues.map((i) => i.path).sort()).toEqual(["/apiKey", "/apiKeyEnv"]);
    expect(
      (await rest("/api/providers/Not%20A%20Name", { method: "PUT", json: { baseUrl: "http://x/v1" } })).status,
    ).toBe(400);

    const cluster = await pool({ workers: 1, runtime: `{ type: llm, provider: ${name}, model: m }` });
    const refused = await rest(`/api/providers/${name}`, { method: "DELETE" });
    expect(refused.status).toBe(409);
    await client().clusters.delete.mutate({ id: cluster.id });
    await client().clusters.wait.query({ id: cluster.id, status: "DESTROYED", timeoutMs: 20_000 });
    expect((await client().providers.delete.mutate({ name })).name).toBe(name);
    expect((await rest(`/api/providers/${name}`)).status).toBe(404);
  });

  it("hold every agent on the provider to its concurrent calls, and a waiting task says what it waits for", async () => {
    const release = deferred();
    const llm = await startFakeLlm(() => ({ content: "done", hold: release.promise }));
    try {
      const name = providerName();
      await client().providers.put.mutate({
        name,
        baseUrl: llm.url,
        limits: { requestsPerMinute: null, tokensPerMinute: null, concurrentRequests: 1 },
      });
      const cluster = await pool({ workers: 3, runtime: `{ type: llm, provider: ${name}, model: m }` });
      const ids = await client().tasks.submitMany.mutate({
        id: cluster.id,
        tasks: [0, 1, 2].map((i) => ({ role: "worker", payload: { prompt: `task ${i}` } })),
      });
      // One call is in flight (held by the provider); the other two wait for the slot.
      await expect.poll(() => llm.requests.length, { timeout: 20_000 }).toBe(1);
      await expect
        .poll(
          async () => {
            const details = await Promise.all(ids.taskIds.map((id) => client().tasks.get.query({ id })));
            return details.filter((t) => t.waitingFor?.reason === "concurrency" && t.waitingFor.provider === name)
              .length;
          },
          { timeout: 20_000 },
        )
        .toBe(2);
      expect((await client().providers.get.query({ name })).usage).toMatchObject({ inFlight: 1 });
      release.resolve();
      const done = await Promise.all(ids.taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 30_000 })));
      expect(done.map((t) => t.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
      expect(llm.figures.maxInFlight).toBe(1);
      const usage = (await client().providers.get.query({ name })).usage!;
      expect(usage).toMatchObject({ requests: 3, inFlight: 0, waiting: [] });
      expect(usage.throttled).toBeGreaterThanOrEqual(2);
      const finished = await client().tasks.get.query({ id: ids.taskIds[0]! });
      expect(finished.waitingFor).toBeNull();
    } finally {
      release.resolve();
      await llm.close();
    }
  });

  it("take tokens per minute by an estimate before the call and correct it with the usage after", async () => {
    const release = deferred();
    const llm = await startFakeLlm(() => ({ content: "done", hold: release.promise }));
    try {
      const name = providerName();
      // A burst of 100 tokens; each call is estimated at about 50 (its messages and max_tokens 10) and uses 17.
      await client().providers.put.mutate({
        name,
        baseUrl: llm.url,
        limits: { requestsPerMinute: null, tokensPerMinute: 600, concurrentRequests: null },
      });
      const cluster = await pool({ workers: 3, runtime: `{ type: llm, provider: ${name}, model: m, max_tokens: 10 }` });
      const { taskIds } = await client().tasks.submitMany.mutate({
        id: cluster.id,
        tasks: [0, 1, 2].map((i) => ({ role: "worker", payload: { prompt: `task ${i}` } })),
      });
      // While the first calls are held, at least one of the three waits for tokens.
      await expect
        .poll(
          async () => {
            const details = await Promise.all(taskIds.map((id) => client().tasks.get.query({ id })));
            return details.some((t) => t.waitingFor?.reason === "tokens");
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      expect(llm.requests.length).toBeLessThan(3);
      release.resolve();
      const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 60_000 })));
      expect(done.map((t) => t.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
      // The estimates taken were replaced by what the calls used: 3 × (12 + 5).
      expect((await client().providers.get.query({ name })).usage).toMatchObject({ requests: 3, tokens: 51 });
    } finally {
      release.resolve();
      await llm.close();
    }
  });

  it("pause for a 429's Retry-After and make the call again, without failing the task", async () => {
    let calls = 0;
    const llm = await startFakeLlm(() =>
      ++calls === 1 ? { status: 429, content: "slow down", retryAfter: 1 } : { content: "fine" },
    );
    try {
      const name = providerName();
      await client().providers.put.mutate({ name, baseUrl: llm.url, apiKeyEnv: "MYZEL_TEST_LLM_KEY" });
      const cluster = await pool({ workers: 1, runtime: `{ type: llm, provider: ${name}, model: m }` });
      const task = await client().tasks.submit.mutate({
        id: cluster.id,
        role: "worker",
        payload: "hi",
        waitMs: 30_000,
      });
      expect(task).toMatchObject({ status: "SUCCEEDED", attempts: 1, result: { content: "fine" } });
      expect(llm.requests.map((r) => r.authorization)).toEqual(["Bearer sk-test-key", "Bearer sk-test-key"]);
      const usage = (await client().providers.get.query({ name })).usage!;
      expect(usage).toMatchObject({ rejected: 1, requests: 2 });
    } finally {
      await llm.close();
    }
  });

  it("price each task at its model's price from its usage", async () => {
    const llm = await startFakeLlm(() => ({ content: "ok" }), { usage: () => ({ prompt: 1200, completion: 300 }) });
    try {
      const model = `priced-${randomUUID().slice(0, 8)}`;
      await client().providers.putPrice.mutate({ model, inputPerMillion: 2.5, outputPerMillion: 10 });
      const badPrice = await rest(`/api/model-prices/${model}`, { method: "PUT", json: { inputPerMillion: -1 } });
      expect(badPrice.status).toBe(400);
      const name = providerName();
      await client().providers.put.mutate({ name, baseUrl: llm.url });
      const cluster = await pool({ workers: 1, runtime: `{ type: llm, provider: ${name}, model: ${model} }` });
      const task = await client().tasks.submit.mutate({
        id: cluster.id,
        role: "worker",
        payload: "hi",
        waitMs: 30_000,
      });
      expect(task.status).toBe("SUCCEEDED");
      // 1,200 × $2.50 + 300 × $10, per million tokens.
      expect(task.costUsd).toBeCloseTo(0.006, 10);
      const second = await client().tasks.submit.mutate({
        id: cluster.id,
        role: "worker",
        payload: "again",
        waitMs: 30_000,
      });
      expect(second.costUsd).toBeCloseTo(0.006, 10);
      // Rolled up for the cluster by role, by agent and by day, and across clusters.
      for (const by of ["role", "agent", "day"] as const) {
        const summary = await client().costs.summary.query({ clusterId: cluster.id, by });
        expect(summary.total).toEqual({
          costUsd: expect.closeTo(0.012, 10),
          tasks: 2,
          promptTokens: 2400,
          completionTokens: 600,
        });
        expect(summary.items).toHaveLength(1);
      }
      const byCluster = await client().costs.summary.query({ by: "cluster" });
      expect(byCluster.items.find((i) => i.key === cluster.id)).toMatchObject({ label: cluster.name, tasks: 2 });
      const metrics = await rest("/metrics");
      expect(metrics.status).toBe(200);
      const line = String(metrics.body)
        .split("\n")
        .find((l) => l.startsWith(`myzel_cost_usd_total{cluster="${cluster.id}",role="worker"}`));
      expect(Number(line?.split(" ").at(-1))).toBeCloseTo(0.012, 10);
      expect((await rest(`/api/costs?by=week`)).status).toBe(400);
      expect((await client().providers.prices.query({})).items).toContainEqual(
        expect.objectContaining({ model, inputPerMillion: 2.5, outputPerMillion: 10 }),
      );
    } finally {
      await llm.close();
    }
  });
});
