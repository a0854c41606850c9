/**
 * Shared memory through the API (operators and apps) and from agents of every runtime: values
 * with compare-and-set, documents found by full text and trigram similarity, clear refusals that
 * store nothing, and agents limited to the namespaces their role was given.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  sql,
  tokenFor,
  uniqueName,
  uploadBlueprint,
} from "./helpers";

afterEach(deleteCreatedClusters);

const api = "/api/memory/namespaces";

async function globalNamespace(language = "english") {
  return client().memory.createNamespace.mutate({ name: uniqueName("ns"), language: language as "english" });
}

/** The namespace of a cluster by name. */
async function namespaceOf(clusterId: string, name: string) {
  const page = await client().memory.namespaces.query({ clusterId, limit: 50 });
  const found = page.items.find((ns) => ns.name === name);
  if (!found) throw new Error(`no namespace ${name} in ${clusterId}: ${page.items.map((n) => n.name)}`);
  return found;
}

describe("memory values", () => {
  it("versions writes, refuses a stale version with 409 naming the current one, and stores nothing then", async () => {
    const ns = await globalNamespace();
    const first = await rest(`${api}/${ns.id}/values/plan`, { method: "PUT", json: { value: { step: 1 } } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      key: "plan",
      value: { step: 1 },
      version: 1,
      updatedBy: expect.stringMatching(/^token:/),
    });
    const second = await rest(`${api}/${ns.id}/values/plan`, {
      method: "PUT",
      json: { value: { step: 2 }, expectedVersion: 1 },
    });
    expect(second.body.version).toBe(2);
    const stale = await rest(`${api}/${ns.id}/values/plan`, {
      method: "PUT",
      json: { value: { step: 99 }, expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toContain("application/problem+json");
    expect(stale.body.issues).toEqual([{ path: "/expectedVersion", message: "the current version is 2" }]);
    const created = await rest(`${api}/${ns.id}/values/plan`, {
      method: "PUT",
      json: { value: 0, expectedVersion: 0 },
    });
    expect(created.status).toBe(409);
    // A version no value can reach is bad input, not a server error.
    const huge = await rest(`${api}/${ns.id}/values/plan`, {
      method: "PUT",
      json: { value: 1, expectedVersion: 2 ** 40 },
    });
    expect(huge.status).toBe(400);
    expect(huge.body.issues).toEqual([expect.objectContaining({ path: "/expectedVersion" })]);
    expect((await rest(`${api}/${ns.id}/values/plan`)).body).toMatchObject({ value: { step: 2 }, version: 2 });
  });

  it("refuses bad keys, unknown fields, oversized values and writes by viewers, each saying where", async () => {
    const ns = await globalNamespace();
    const badKey = await rest(`${api}/${ns.id}/values/${encodeURIComponent("a b")}`, {
      method: "PUT",
      json: { value: 1 },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.issues[0].path).toBe("/key");
    const unknown = await rest(`${api}/${ns.id}/values/k`, { method: "PUT", json: { value: 1, versoin: 2 } });
    expect(unknown.status).toBe(400);
    const huge = await rest(`${api}/${ns.id}/values/k`, { method: "PUT", json: { value: "x".repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.issues[0].path).toBe("/value");
    const viewer = await tokenFor("VIEWER");
    const refused = await rest(`${api}/${ns.id}/values/k`, { method: "PUT", json: { value: 1 }, token: viewer });
    expect(refused.status).toBe(403);
    expect((await rest(`${api}/${ns.id}/values/k`, { token: viewer })).status).toBe(404);
    expect((await client().memory.namespace.query({ namespaceId: ns.id })).values).toBe(0);
    // Only admins delete a whole namespace.
    const operator = await tokenFor("OPERATOR");
    expect((await rest(`${api}/${ns.id}`, { method: "DELETE", token: operator })).status).toBe(403);
    expect((await rest(`${api}/${ns.id}`, { method: "DELETE" })).status).toBe(200);
  });

  it("forgets a value when its TTL has passed, and writes it again from version 1", async () => {
    const ns = await globalNamespace();
    await client().memory.putValue.mutate({ namespaceId: ns.id, key: "lease", value: "mine", ttlSeconds: 60 });
    await sql(`UPDATE memory_values SET expires_at = now() - interval '1 second' WHERE namespace_id = $1`, [ns.id]);
    expect((await rest(`${api}/${ns.id}/values/lease`)).status).toBe(404);
    const again = await client().memory.putValue.mutate({
      namespaceId: ns.id,
      key: "lease",
      value: "yours",
      expectedVersion: 0,
    });
    expect(again.version).toBe(1);
  });
});

describe("memory documents", () => {
  it("finds documents by stemmed full text in the namespace's language and by similar spelling", async () => {
    const ns = await globalNamespace();
    const put = (title: string, text: string, tags: string[] = []) =>
      client().memory.createDocument.mutate({ namespaceId: ns.id, title, text, tags });
    const churn = await put(
      "Churn",
      "Customers who were onboarded personally renewed their contracts far more often.",
      ["q1"],
    );
    await put("Pricing", "The enterprise tier sells best when bundled with support.");
    await put("Hiring", "Two engineers join in March.");

    const stemmed = await client().memory.search.query({ namespaceId: ns.id, q: "renewing contract" });
    expect(stemmed.hits[0]?.document.id).toBe(churn.id);
    const typo = await client().memory.search.query({ namespaceId: ns.id, q: "onboardet" });
    expect(typo.trigram).toBe(true);
    expect(typo.hits.map((h) => h.document.id)).toContain(churn.id);
    const tagged = await rest(`${api}/${ns.id}/search?q=enterprise&tags=q1`);
    expect(tagged.body.hits).toEqual([]);
    // A search box's syntax: a quoted phrase must appear as written, -word must not appear.
    const phrase = await client().memory.search.query({ namespaceId: ns.id, q: '"renewed their contracts"' });
    expect(phrase.hits.map((h) => h.document.id)).toEqual([churn.id]);
    const notPhrase = await client().memory.search.query({ namespaceId: ns.id, q: '"contracts renewed"' });
    expect(notPhrase.hits).toEqual([]);
    const excluded = await client().memory.search.query({ namespaceId: ns.id, q: "enterprise -support" });
    expect(excluded.hits).toEqual([]);

    const german = await globalNamespace("german");
    await client().memory.createDocument.mutate({ namespaceId: german.id, text: "Die Kunden kauften mehrere Häuser." });
    const found = await client().memory.search.query({ namespaceId: german.id, q: "Haus" });
    expect(found.hits).toHaveLength(1);
  });

  it("exports a namespace as JSON lines and imports it elsewhere; a bad line stores nothing", async () => {
    const from = await globalNamespace();
    await client().memory.putValue.mutate({ namespaceId: from.id, key: "count", value: 3 });
    await client().memory.createDocument.mutate({ namespaceId: from.id, text: "A finding worth keeping", tags: ["x"] });
    const { jsonl } = await client().memory.export.query({ namespaceId: from.id });
    expect(jsonl.trim().split("\n")).toHaveLength(2);

    const to = await globalNamespace();
    const bad = await rest(`${api}/${to.id}/import`, {
      method: "POST",
      json: { jsonl: `${jsonl}{"kind":"value","key":"a b"}\n` },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].message).toContain("line 3");
    expect((await client().memory.namespace.query({ namespaceId: to.id })).values).toBe(0);

    expect(await client().memory.import.mutate({ namespaceId: to.id, jsonl })).toEqual({ values: 1, documents: 1 });
    expect(await client().memory.import.mutate({ namespaceId: to.id, jsonl })).toEqual({ values: 1, documents: 0 });
    const hits = await client().memory.search.query({ namespaceId: to.id, q: "finding" });
    expect(hits.hits[0]?.document.tags).toEqual(["x"]);
  });
});

describe("memory from agents", () => {
  it("research desk: the researcher stores a finding, the writer finds and answers with it", async () => {
    const yaml = readFileSync("blueprints/research-desk.yaml", "utf8").replace(
      "id: research-desk",
      `id: ${uniqueName("desk")}`,
    );
    const blueprint = await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: blueprint.blueprint.id });
    const stored = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "researcher",
      payload: { prompt: "Onboarding calls cut churn by a third in the pilot group.", title: "Churn pilot" },
      waitMs: 15_000,
    });
    expect(stored.status).toBe("SUCCEEDED");
    const answer = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "writer",
      payload: "what do we know about churn?",
      waitMs: 15_000,
    });
    expect(answer.status).toBe("SUCCEEDED");
    expect((answer.result as { answer: string }).answer).toContain("cut churn by a third");

    const findings = await namespaceOf(cluster.id, "findings");
    const docs = await client().memory.documents.query({ namespaceId: findings.id });
    expect(docs.items[0]).toMatchObject({ title: "Churn pilot", createdBy: "agent:researcher-1" });
    const audit = await client().audit.list.query({ action: "agentMemory.createDocument" });
    expect(audit.items.some((entry) => entry.actorType === "agent" && entry.actorName === "researcher-1")).toBe(true);
  });

  it("an agent reaches only the namespaces of its role, and its credential opens nothing else", async () => {
    const id = uniqueName("fenced");
    await uploadBlueprint(`metadata: { id: ${id}, name: Fenced, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 4 }
agents:
  - role: lead
    name: Lead
    runtime: { type: builtin, behaviour: remember }
    memory: { namespace: secret }
  - role: worker
    name: Worker
    reports_to: lead
    runtime: { type: command, argv: [node, -e, "process.stdout.write(JSON.stringify(process.env))"] }
`);
    const cluster = await activeCluster({ blueprintId: id });
    const refused = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "lead",
      payload: { prompt: "x", namespace: "shared" },
      maxAttempts: 1,
      waitMs: 15_000,
    });
    expect(refused.status).toBe("FAILED");
    expect(refused.error).toContain('may not write "shared" (it may write: secret)');
    // The tool's environment carries the agent's memory credential, never Redis or report secrets.
    const env = JSON.parse(
      (
        (await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "env", waitMs: 15_000 }))
          .result as {
          stdout: string;
        }
      ).stdout,
    ) as Record<string, string>;
    expect(env.MYZEL_MEMORY_TOKEN).toMatch(/^myzel-agent\./);
    expect(Object.keys(env).filter((name) => /REDIS|SECRET|DATABASE/.test(name))).toEqual([]);
    const asAgent = (path: string) => rest(path, { token: env.MYZEL_MEMORY_TOKEN });
    expect((await asAgent("/api/clusters")).status).toBe(401);
    expect((await asAgent("/api/agent-memory/values/anything?namespace=secret")).status).toBe(403);
    expect((await asAgent("/api/agent-memory/grants")).body).toEqual({
      agent: "worker-1",
      home: "shared",
      read: ["shared"],
      write: ["shared"],
    });
    // A user's token is no agent credential.
    expect((await rest("/api/agent-memory/grants")).status).toBe(403);
  });

  it("command tools use myzel-memory; concurrent compare-and-set increments lose no update", async () => {
    const id = uniqueName("tools");
    await uploadBlueprint(`metadata: { id: ${id}, name: Tools, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 12 }
agents:
  - role: lead
    name: Lead
    runtime: { type: command, argv: [myzel-memory, search, "{prompt}"], prompt_via: argument }
  - role: counter
    name: Counter
    count: 8
    reports_to: lead
    concurrency: 2
    runtime: { type: command, argv: [myzel-memory, add, hits, "1"] }
`);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 9 });
    const tasks = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 24 }, () => ({ role: "counter", payload: "+1" })),
    });
    for (const taskId of tasks.taskIds) {
      const done = await client().tasks.wait.query({ id: taskId, timeoutMs: 30_000 });
      expect([done.status, done.error]).toEqual(["SUCCEEDED", null]);
    }
    const shared = await namespaceOf(cluster.id, "shared");
    expect((await client().memory.getValue.query({ namespaceId: shared.id, key: "hits" })).value).toBe(24);
    expect((await client().memory.getValue.query({ namespaceId: shared.id, key: "hits" })).version).toBe(24);

    await client().memory.createDocument.mutate({ namespaceId: shared.id, text: "The launch moved to May." });
    const search = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "lead",
      payload: "launch",
      waitMs: 15_000,
    });
    expect((search.result as { stdout: string }).stdout).toContain("The launch moved to May.");
  }, 120_000);
});

describe("memory lifecycle", () => {
  it("keeps a cluster's memory across hibernation; destroying it archives the memory read-only", async () => {
    const id = uniqueName("keep");
    await uploadBlueprint(`metadata: { id: ${id}, name: Keep, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 2 }
agents:
  - role: worker
    name: Worker
    runtime: { type: builtin, behaviour: recall }
`);
    const cluster = await activeCluster({ blueprintId: id });
    const shared = await namespaceOf(cluster.id, "shared");
    await client().memory.putValue.mutate({ namespaceId: shared.id, key: "k", value: "kept" });
    await client().clusters.hibernate.mutate({ id: cluster.id });
    await client().clusters.wait.query({ id: cluster.id, status: "HIBERNATED", timeoutMs: 20_000 });
    await client().clusters.reactivate.mutate({ id: cluster.id });
    await client().clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 20_000 });
    const read = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "worker",
      payload: { key: "k" },
      waitMs: 15_000,
    });
    expect((read.result as { value: string }).value).toBe("kept");

    await client().clusters.delete.mutate({ id: cluster.id });
    const archived = await client().memory.namespace.query({ namespaceId: shared.id });
    expect(archived.archivedAt).not.toBeNull();
    expect(Date.parse(archived.purgeAfter!) - Date.parse(archived.archivedAt!)).toBe(30 * 86_400_000);
    expect((await client().memory.getValue.query({ namespaceId: shared.id, key: "k" })).value).toBe("kept");
    const write = await rest(`${api}/${shared.id}/values/k`, { method: "PUT", json: { value: "late" } });
    expect(write.status).toBe(409);
    expect(write.body.detail).toContain("archived");
  });
});
