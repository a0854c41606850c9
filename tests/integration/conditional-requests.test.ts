import { afterEach, describe, expect, it } from "vitest";
import { newCluster } from "./cluster-helpers";
import {
  allPages,
  client,
  deleteCreatedClusters,
  rest,
  teamBlueprint,
  track,
  uniqueName,
  uploadBlueprint,
  userWith,
  waitForStatus,
} from "./helpers";

afterEach(deleteCreatedClusters);

const newActiveCluster = async () => (await newCluster()).cluster;

const etagOf = async (id: string) => (await rest(`/api/clusters/${id}`)).headers.get("etag");

describe("ETag and If-Match", () => {
  it("a cluster's ETag is its desired state's version, steady while its agents start", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const created = await rest("/api/clusters", { method: "POST", json: { blueprintId: id, name: uniqueName("c") } });
    track(created.body.id);
    expect(created.headers.get("etag")).toBe(`"v${created.body.version}"`);
    const spawning = created.headers.get("etag");
    const active = await waitForStatus(created.body.id, "ACTIVE");
    // The agents started and reported in; nobody changed what the cluster should be.
    expect(await etagOf(active.id)).toBe(spawning);
    const scaled = await rest(`/api/clusters/${active.id}/scale`, {
      method: "POST",
      json: { targetWorkers: 4 },
      headers: { "if-match": spawning! },
    });
    expect(scaled.status).toBe(200);
    expect(scaled.headers.get("etag")).not.toBe(spawning);
  });

  it("a stale If-Match answers 412 with problem details and changes nothing; the current one applies", async () => {
    const cluster = await newActiveCluster();
    const before = await etagOf(cluster.id);
    const renamed = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { description: "first" },
      headers: { "if-match": before! },
    });
    expect(renamed.status).toBe(200);
    const now = renamed.headers.get("etag");
    expect(now).not.toBe(before);

    const stale = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { description: "second" },
      headers: { "if-match": before! },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("content-type")).toContain("application/problem+json");
    expect(stale.body).toMatchObject({ status: 412, code: "PRECONDITION_FAILED" });
    expect(stale.body.detail).toContain(now!);
    const after = await rest(`/api/clusters/${cluster.id}`);
    expect(after.body.description).toBe("first");
    expect(after.headers.get("etag")).toBe(now);
  });

  it("refuses every lifecycle action, the scale and an added agent with a stale tag, and changes nothing", async () => {
    const cluster = await newActiveCluster();
    // Creating the cluster asked for its agents: it is past its first version already.
    expect(cluster.version).toBeGreaterThan(1);
    for (const [path, method, json] of [
      [`/api/clusters/${cluster.id}/scale`, "POST", { targetWorkers: 5 }],
      [`/api/clusters/${cluster.id}/hibernate`, "POST", {}],
      [`/api/clusters/${cluster.id}/agents`, "POST", { role: "worker" }],
      [`/api/clusters/${cluster.id}`, "DELETE", undefined],
    ] as const) {
      const answer = await rest(path, { method, json, headers: { "if-match": '"v1"' } });
      expect(answer.status, `${method} ${path}`).toBe(412);
      expect(answer.body.code).toBe("PRECONDITION_FAILED");
    }
    const now = await client().clusters.get.query({ id: cluster.id });
    expect(now).toMatchObject({ status: "ACTIVE", targetWorkers: cluster.targetWorkers, version: cluster.version });
    expect(await client().agents.list.query({ id: cluster.id })).toHaveLength(cluster.currentWorkers);
  });

  it("of two writes made with the same tag, exactly one applies", async () => {
    const cluster = await newActiveCluster();
    const tag = (await etagOf(cluster.id))!;
    const answers = await Promise.all(
      ["one", "two", "three"].map((description) =>
        rest(`/api/clusters/${cluster.id}`, { method: "PUT", json: { description }, headers: { "if-match": tag } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412]);
    const winner = answers.find((a) => a.status === 200)!.body.description;
    expect((await client().clusters.get.query({ id: cluster.id })).description).toBe(winner);
  });

  it("* matches any existing resource, no If-Match behaves as before, a missing one is still 404", async () => {
    const cluster = await newActiveCluster();
    const any = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { description: "any" },
      headers: { "if-match": "*" },
    });
    expect(any.status).toBe(200);
    const none = await rest(`/api/clusters/${cluster.id}`, { method: "PUT", json: { description: "none" } });
    expect(none.status).toBe(200);
    const missing = await rest("/api/clusters/00000000-0000-4000-8000-000000000000", {
      method: "PUT",
      json: { description: "x" },
      headers: { "if-match": '"v1"' },
    });
    expect(missing.status).toBe(404);
  });

  it("a malformed If-Match is a 400 naming the header", async () => {
    const cluster = await newActiveCluster();
    const answer = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { description: "x" },
      headers: { "if-match": "v1" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([expect.objectContaining({ path: "If-Match" })]);
    expect((await client().clusters.get.query({ id: cluster.id })).description).not.toBe("x");
  });

  it("a user's role change takes If-Match: stale is 412 and the role stays", async () => {
    const user = await userWith("VIEWER");
    const promoted = await rest(`/api/users/${user.id}/role`, {
      method: "POST",
      json: { role: "OPERATOR" },
      headers: { "if-match": `"v${user.version}"` },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.headers.get("etag")).toBe(`"v${user.version + 1}"`);
    const stale = await rest(`/api/users/${user.id}/role`, {
      method: "POST",
      json: { role: "ADMIN" },
      headers: { "if-match": `"v${user.version}"` },
    });
    expect(stale.status).toBe(412);
    const listed = await allPages((page) => client().users.list.query(page));
    expect(listed.find((u) => u.id === user.id)?.role).toBe("OPERATOR");
  });
});
