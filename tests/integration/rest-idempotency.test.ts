/**
 * `Idempotency-Key` on task submit (single and batch) and cluster create, against the real
 * server: a retry with the same key and body gets the first answer and makes nothing new.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deleteCreatedClusters, rest, sql, teamBlueprint, tokenFor, track, uniqueName } from "./helpers";
import { pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const withKey = (key: string, json: unknown, token?: string) => ({
  method: "POST",
  json,
  headers: { "idempotency-key": key },
  ...(token ? { token } : {}),
});

async function tasksOf(clusterId: string) {
  return (await rest(`/api/tasks?clusterId=${clusterId}&limit=100`)).body.total as number;
}

describe("Idempotency-Key", () => {
  it("replays a task submit's answer to the same request and runs it once", async () => {
    const cluster = await pool({ workers: 1 });
    const key = randomUUID();
    const body = { role: "worker", payload: { order: 42 } };
    const first = await rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, body));
    const again = await rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, body));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await tasksOf(cluster.id)).toBe(1);

    // The key names that request: another body with it is a client's mistake, and does nothing.
    const other = await rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, { role: "worker", payload: 43 }));
    expect([other.status, other.body.code]).toEqual([422, "UNPROCESSABLE_CONTENT"]);
    expect(other.body.detail).toContain("was used for another request");
    // Keys belong to their caller: another token's same key is a new request.
    const operator = await tokenFor("OPERATOR");
    const theirs = await rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, body, operator));
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
    expect(await tasksOf(cluster.id)).toBe(2);

    const batchKey = randomUUID();
    const batch = { tasks: [{ role: "worker" }, { role: "worker" }] };
    const firstBatch = await rest(`/api/clusters/${cluster.id}/tasks/batch`, withKey(batchKey, batch));
    const againBatch = await rest(`/api/clusters/${cluster.id}/tasks/batch`, withKey(batchKey, batch));
    expect([firstBatch.status, againBatch.status]).toEqual([201, 201]);
    expect(againBatch.body.taskIds).toEqual(firstBatch.body.taskIds);
    expect(await tasksOf(cluster.id)).toBe(4);
  });

  it("answers a duplicate that arrives while the first still runs with 409, then replays the answer", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 2000 }" });
    const key = randomUUID();
    const body = { role: "worker", waitMs: 30_000 };
    const first = rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, body));
    await vi.waitFor(
      async () => expect(await sql("SELECT 1 FROM idempotency_keys WHERE key = $1", [key])).toHaveLength(1),
      { timeout: 10_000 },
    );
    const during = await rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, body));
    expect([during.status, during.headers.get("retry-after")]).toEqual([409, "1"]);
    const answered = await first;
    expect([answered.status, answered.body.status]).toEqual([201, "SUCCEEDED"]);
    const after = await rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, body));
    expect(after.body).toEqual(answered.body);
    expect(await tasksOf(cluster.id)).toBe(1);
  });

  it("replays a cluster create, where a second create of the name would be refused", async () => {
    const blueprint = teamBlueprint();
    await rest("/api/blueprints", { method: "POST", json: { yaml: blueprint.yaml } });
    const key = randomUUID();
    const body = { name: uniqueName("once"), blueprintId: blueprint.id };
    const first = await rest("/api/clusters", withKey(key, body));
    track(first.body.id);
    const again = await rest("/api/clusters", withKey(key, body));
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("location")).toBe(`/api/clusters/${first.body.id}`);
    expect((await rest("/api/clusters", { method: "POST", json: body })).status).toBe(409);
  });

  it("keeps no refusal: a corrected retry with the same key runs", async () => {
    const blueprint = teamBlueprint();
    const key = randomUUID();
    const body = { name: uniqueName("later"), blueprintId: blueprint.id };
    const refused = await rest("/api/clusters", withKey(key, body));
    expect(refused.status).toBe(404);
    await rest("/api/blueprints", { method: "POST", json: { yaml: blueprint.yaml } });
    const created = await rest("/api/clusters", withKey(key, body));
    expect(created.status).toBe(201);
    track(created.body.id);
  });

  it("refuses keys that are empty, too long or not printable, and does nothing", async () => {
    const cluster = await pool({ workers: 1 });
    for (const key of ["", "k".repeat(256), "tab\tinside"]) {
      const response = await rest(`/api/clusters/${cluster.id}/tasks`, withKey(key, { role: "worker" }));
      expect([response.status, response.body.code], JSON.stringify(key)).toEqual([400, "BAD_REQUEST"]);
      expect(response.body.detail).toMatch(/^Idempotency-Key must be/);
    }
    expect(await tasksOf(cluster.id)).toBe(0);
  });
});
