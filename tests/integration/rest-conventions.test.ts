/**
 * REST follows HTTP's conventions (RFC 9110), against the real server: creates answer 201 with
 * the new resource's Location, DELETE can be repeated, wrong methods are 405 with Allow, HEAD
 * is GET without a body, bodies in a media type an endpoint does not take are 415, and waits
 * say whether they timed out.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import { baseUrl, deleteCreatedClusters, rest, teamBlueprint, track, uniqueName } from "./helpers";
import { pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

async function newCluster() {
  const blueprint = teamBlueprint();
  expect((await rest("/api/blueprints", { method: "POST", json: { yaml: blueprint.yaml } })).status).toBe(201);
  const created = await rest("/api/clusters", {
    method: "POST",
    json: { name: uniqueName("rest"), blueprintId: blueprint.id },
  });
  expect(created.status).toBe(201);
  track(created.body.id);
  return created;
}

describe("creates", () => {
  it("answer 201 with the Location of what they made, which reads back as it", async () => {
    const blueprint = teamBlueprint();
    const upload = await rest("/api/blueprints", { method: "POST", json: { yaml: blueprint.yaml } });
    expect(upload.status).toBe(201);
    expect(upload.headers.get("location")).toBe(`/api/blueprints/${blueprint.id}?version=1.0.0`);
    expect((await rest(upload.headers.get("location")!)).body.id).toBe(blueprint.id);
    // The same version again creates nothing: 200, no Location.
    const again = await rest("/api/blueprints", { method: "POST", json: { yaml: blueprint.yaml } });
    expect([again.status, again.body.created, again.headers.get("location")]).toEqual([200, false, null]);

    const cluster = await newCluster();
    expect(cluster.headers.get("location")).toBe(`/api/clusters/${cluster.body.id}`);
    expect((await rest(cluster.headers.get("location")!)).body.name).toBe(cluster.body.name);

    const task = await rest(`/api/clusters/${cluster.body.id}/tasks`, { method: "POST", json: { role: "worker" } });
    expect(task.status).toBe(201);
    expect(task.headers.get("location")).toBe(`/api/tasks/${task.body.id}`);
    expect((await rest(task.headers.get("location")!)).body.id).toBe(task.body.id);

    const batch = await rest(`/api/clusters/${cluster.body.id}/tasks/batch`, {
      method: "POST",
      json: { tasks: [{ role: "worker" }, { role: "lead" }] },
    });
    expect(batch.status).toBe(201);
    expect(batch.body.taskIds).toHaveLength(2);
    expect(batch.headers.get("location")).toBeNull();
  });

  it("of users, tokens and producers answer 201 too; a user's Location is where it is deleted", async () => {
    const user = await rest("/api/users", {
      method: "POST",
      json: {
        name: "Rest User",
        email: `${uniqueName("rest")}@myzel.test`,
        role: "VIEWER",
        password: "a-long-password-1",
      },
    });
    expect(user.status).toBe(201);
    expect(user.headers.get("location")).toBe(`/api/users/${user.body.id}`);
    expect((await rest(user.headers.get("location")!, { method: "DELETE" })).status).toBe(200);

    const token = await rest("/api/tokens", { method: "POST", json: { name: uniqueName("rest"), role: "VIEWER" } });
    expect(token.status).toBe(201);
    const cluster = await newCluster();
    const producer = await rest("/api/producers", {
      method: "POST",
      json: { name: uniqueName("rest"), clusterIds: [cluster.body.id] },
    });
    expect(producer.status).toBe(201);
  });
});

describe("DELETE", () => {
  it("of a cluster already deleted answers as the first did; of one that never was, 404", async () => {
    const cluster = await newCluster();
    const first = await rest(`/api/clusters/${cluster.body.id}`, { method: "DELETE" });
    const second = await rest(`/api/clusters/${cluster.body.id}`, { method: "DELETE" });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(cluster.body.id);
    expect(["DESTROYING", "DESTROYED"]).toContain(second.body.status);
    const never = await rest(`/api/clusters/${randomUUID()}`, { method: "DELETE" });
    expect([never.status, never.body.code]).toEqual([404, "NOT_FOUND"]);
  });
});

describe("methods", () => {
  it("another method on a known path is a 405 naming the allowed ones", async () => {
    const patch = await rest("/api/clusters", { method: "PATCH", json: {} });
    expect(patch.status).toBe(405);
    expect(patch.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(patch.body).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    const get = await rest(`/api/clusters/${randomUUID()}/tasks`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST, OPTIONS"]);
    const health = await rest("/health", { method: "POST", json: {} });
    expect([health.status, health.headers.get("allow")]).toEqual([405, "GET, HEAD, OPTIONS"]);
    expect((await rest("/api/no-such-thing")).status).toBe(404);
  });

  it("HEAD answers as GET does, without a body", async () => {
    for (const path of ["/api/clusters", "/api/openapi.json", "/health"]) {
      const get = await fetch(`${baseUrl()}${path}`, { headers: { authorization: `Bearer ${inject("adminToken")}` } });
      const head = await fetch(`${baseUrl()}${path}`, {
        method: "HEAD",
        headers: { authorization: `Bearer ${inject("adminToken")}` },
      });
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get("content-type"), path).toBe(get.headers.get("content-type"));
      expect(head.headers.get("content-length"), path).toBe(get.headers.get("content-length"));
      expect(await head.text(), path).toBe("");
    }
    const missing = await fetch(`${baseUrl()}/api/tasks/${randomUUID()}`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${inject("adminToken")}` },
    });
    expect(missing.status).toBe(404);
  });

  it("OPTIONS lists the allowed methods", async () => {
    const options = await fetch(`${baseUrl()}/api/clusters/${randomUUID()}`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, PUT, DELETE, OPTIONS");
  });
});

describe("media types", () => {
  it("a string body sent by plain fetch (text/plain) is a 415 that says what to send, and stores nothing", async () => {
    const blueprint = teamBlueprint();
    await rest("/api/blueprints", { method: "POST", json: { yaml: blueprint.yaml } });
    const name = uniqueName("plain");
    const response = await rest("/api/clusters", {
      method: "POST",
      body: JSON.stringify({ name, blueprintId: blueprint.id }),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get("accept-post")).toBe("application/json");
    expect(response.body.detail).toBe(
      "POST /api/clusters takes application/json, not text/plain (fetch sends text/plain for a string body: set Content-Type)",
    );
    const listed = await rest(`/api/clusters?search=${name}`);
    expect(listed.body.items).toEqual([]);
  });

  it("YAML is taken by the blueprint endpoints alone", async () => {
    const blueprint = teamBlueprint();
    const yaml = (type: string, path = "/api/blueprints") =>
      rest(path, { method: "POST", body: blueprint.yaml, headers: { "content-type": type } });
    const plain = await yaml("text/plain");
    expect([plain.status, plain.headers.get("accept-post")]).toEqual([
      415,
      "application/json, application/yaml, text/markdown",
    ]);
    expect((await yaml("text/yaml", "/api/blueprints/validate")).body.valid).toBe(true);
    expect((await yaml("application/yaml")).status).toBe(201);
    const cluster = await yaml("application/yaml", "/api/clusters");
    expect([cluster.status, cluster.body.detail]).toEqual([
      415,
      "POST /api/clusters takes application/json, not application/yaml",
    ]);
  });
});

describe("waits", () => {
  it("say whether they ended before the state they waited for", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 3000 }" });
    const asleep = await rest(`/api/clusters/${cluster.id}/wait?status=HIBERNATED&timeoutMs=0`);
    expect([asleep.status, asleep.body.status, asleep.body.timedOut]).toEqual([200, "ACTIVE", true]);
    const active = await rest(`/api/clusters/${cluster.id}/wait?status=ACTIVE&timeoutMs=0`);
    expect(active.body.timedOut).toBe(false);

    const task = await rest(`/api/clusters/${cluster.id}/tasks`, { method: "POST", json: { role: "worker" } });
    const early = await rest(`/api/tasks/${task.body.id}/wait?timeoutMs=0`);
    expect(early.body.timedOut).toBe(true);
    expect(["PENDING", "QUEUED", "RUNNING"]).toContain(early.body.status);
    const done = await rest(`/api/tasks/${task.body.id}/wait?timeoutMs=20000`);
    expect([done.body.status, done.body.timedOut]).toEqual(["SUCCEEDED", false]);
  });
});
