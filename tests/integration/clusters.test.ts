import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { newCluster, type TreeNode } from "./cluster-helpers";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  sql,
  teamBlueprint,
  tokenFor,
  track,
  uniqueName,
  uploadBlueprint,
  waitForStatus,
} from "./helpers";

afterEach(deleteCreatedClusters);

describe("clusters API", () => {
  it("creates a cluster from a blueprint: SPAWNING, then ACTIVE once every agent process runs", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const spawning = await client().clusters.create.mutate({
      blueprintId: id,
      name: uniqueName("cluster"),
      targetWorkers: 5,
    });
    track(spawning.id);
    expect(spawning.status).toBe("SPAWNING");
    const cluster = await waitForStatus(spawning.id, "ACTIVE");
    expect(cluster).toMatchObject({
      status: "ACTIVE",
      type: "department",
      targetWorkers: 5,
      currentWorkers: 5,
      minWorkers: 3,
      maxWorkers: 12,
    });
    const agents = await client().agents.list.query({ id: cluster.id });
    expect(agents.map((a) => a.status)).toEqual(Array(5).fill("IDLE"));
    expect(agents.every((a) => a.pid !== null && isAlive(a.pid))).toBe(true);

    const { status, body: tree } = await rest(`/api/clusters/${cluster.id}/hierarchy`);
    expect(status).toBe(200);
    expect(tree.agentCount).toBe(5);
    expect(tree.roots).toHaveLength(1);
    const root = tree.roots[0] as TreeNode;
    expect(root.agent).toMatchObject({ tier: "supervisor", key: "supervisor-1" });
    expect(root.subordinates.map((n) => n.agent.key)).toEqual(["lead-1", "lead-2"]);
    // 5 agents = 1 supervisor + 2 leads + 2 workers, one under each lead.
    expect(root.subordinates.map((n) => n.subordinates.map((w) => w.agent.tier))).toEqual([["worker"], ["worker"]]);
  });

  it("uses the smallest size the blueprint allows when no target is given", async () => {
    const { cluster } = await newCluster();
    expect(cluster.currentWorkers).toBe(3);
  });

  it("lists with filters and pagination, and gets by id", async () => {
    const { cluster, blueprintId } = await newCluster();
    const filtered = await rest(`/api/clusters?blueprintId=${blueprintId}&status=ACTIVE`);
    expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([cluster.id]);
    const bySearch = await client().clusters.list.query({ search: cluster.name.toUpperCase() });
    expect(bySearch.items.map((c) => c.id)).toEqual([cluster.id]);
    const firstPage = await client().clusters.list.query({ limit: 1 });
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.total).toBeGreaterThanOrEqual(1);
    expect((await rest(`/api/clusters/${cluster.id}`)).body.name).toBe(cluster.name);
  });

  it("answers unknown and malformed ids with 404 and 400", async () => {
    const unknown = await rest("/api/clusters/00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain("does not exist");
    const malformed = await rest("/api/clusters/not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0]).toMatchObject({ path: "/id" });
    const noBlueprint = await rest("/api/clusters", {
      method: "POST",
      json: { blueprintId: "no-such-blueprint", name: "x" },
    });
    expect(noBlueprint.status).toBe(404);
  });

  it("refuses a duplicate name and a size outside the blueprint's bounds, storing nothing", async () => {
    const { cluster, blueprintId } = await newCluster();
    const before = (await client().clusters.list.query({ blueprintId })).total;
    const duplicate = await rest("/api/clusters", { method: "POST", json: { blueprintId, name: cluster.name } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.detail).toContain("already exists");
    const tooBig = await rest("/api/clusters", {
      method: "POST",
      json: { blueprintId, name: uniqueName("big"), targetWorkers: 50 },
    });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.detail).toContain("between 3 and 9");
    expect((await client().clusters.list.query({ blueprintId })).total).toBe(before);
  });

  it("hibernates and reactivates; an invalid transition is refused and changes nothing", async () => {
    const { cluster } = await newCluster();
    const refused = await rest(`/api/clusters/${cluster.id}/reactivate`, { method: "POST", json: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      "cannot reactivate a cluster that is ACTIVE (possible now: scale_up, scale_down, hibernate, destroy)",
    );
    expect((await client().clusters.get.query({ id: cluster.id })).status).toBe("ACTIVE");

    const pids = (await client().agents.list.query({ id: cluster.id })).map((a) => a.pid!);
    const asleep = await client().clusters.hibernate.mutate({ id: cluster.id });
    expect(asleep.status).toBe("HIBERNATED");
    expect(asleep.allowedActions).toEqual(["reactivate", "destroy"]);
    await expect
      .poll(async () => (await client().agents.list.query({ id: cluster.id })).map((a) => a.status), {
        timeout: 15_000,
      })
      .toEqual(["STOPPED", "STOPPED", "STOPPED"]);
    expect(pids.filter(isAlive)).toEqual([]);
    const scaleWhileAsleep = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { targetWorkers: 5 },
    });
    expect(scaleWhileAsleep.status).toBe(409);
    expect(scaleWhileAsleep.body.detail).toBe(
      "cannot scale a cluster that is HIBERNATED: it is hibernated; reactivate it first",
    );
    // Asleep it runs nothing, and keeps the size it wakes to.
    expect(await client().clusters.get.query({ id: cluster.id })).toMatchObject({
      currentWorkers: 0,
      targetWorkers: 3,
    });

    // Awake only once its agents run: until then it is SPAWNING, like a new cluster.
    const awake = await client().clusters.reactivate.mutate({ id: cluster.id });
    expect(awake.status).toBe("SPAWNING");
    expect(awake.currentWorkers).toBeLessThan(3);
    const active = await waitForStatus(cluster.id, "ACTIVE");
    expect(active.currentWorkers).toBe(3);
    expect((await client().agents.list.query({ id: cluster.id })).map((a) => a.status)).toEqual([
      "IDLE",
      "IDLE",
      "IDLE",
    ]);
  });

  it("updates configuration with checks", async () => {
    const { cluster } = await newCluster(5);
    const renamed = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { name: `${cluster.name}-renamed`, routingStrategy: "least-busy" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: `${cluster.name}-renamed`, routingStrategy: "least-busy" });
    const excludes = await rest(`/api/clusters/${cluster.id}`, { method: "PUT", json: { maxWorkers: 4 } });
    expect(excludes.status).toBe(422);
    expect(excludes.body.detail).toContain("scale it first");
    const badStrategy = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { routingStrategy: "random" },
    });
    expect(badStrategy.status).toBe(400);
    expect(badStrategy.body.issues[0].path).toBe("/routingStrategy");
  });

  it("keeps an operator within the blueprint's max_workers: no larger range, no agent beyond it", async () => {
    const id = uniqueName("small");
    await uploadBlueprint(`metadata: { id: ${id}, name: Small, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 3 }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, count: 0-2, reports_to: supervisor }
`);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 3 });
    const operator = await tokenFor("OPERATOR");
    const raised = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { maxWorkers: 10 },
      token: operator,
    });
    expect(raised.status).toBe(422);
    expect(raised.body.detail).toBe("maxWorkers must be at most 3, the blueprint's max_workers");
    expect(raised.body.issues).toEqual([expect.objectContaining({ path: "/maxWorkers" })]);
    expect((await client().clusters.get.query({ id: cluster.id })).maxWorkers).toBe(3);

    // Even a cluster whose range was widened before this rule adds no agent past the blueprint's bound.
    await sql("UPDATE clusters SET max_workers = 10 WHERE id = $1", [cluster.id]);
    const added = await rest(`/api/clusters/${cluster.id}/agents`, {
      method: "POST",
      json: { role: "worker" },
      token: operator,
    });
    expect(added.status).toBe(409);
    expect(added.body.detail).toBe("the cluster has 3 agents, the blueprint's max_workers of 3");
    expect(await client().agents.list.query({ id: cluster.id })).toHaveLength(3);
  });

  it("soft-deletes: drains to DESTROYED, hidden from the list, still on record, name free again", async () => {
    const { cluster, blueprintId } = await newCluster();
    const pids = (await client().agents.list.query({ id: cluster.id })).map((a) => a.pid!);
    const deleted = await rest(`/api/clusters/${cluster.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.body.status).toBe("DESTROYING");
    const gone = await waitForStatus(cluster.id, "DESTROYED");
    expect(gone).toMatchObject({ currentWorkers: 0 });
    expect(gone.deletedAt).not.toBeNull();
    expect(pids.filter(isAlive)).toEqual([]);
    expect((await client().clusters.list.query({ blueprintId })).items).toHaveLength(0);
    expect((await client().clusters.list.query({ blueprintId, includeDeleted: true })).items).toHaveLength(1);
    expect((await rest(`/api/clusters/${cluster.id}`)).body.status).toBe("DESTROYED");
    // Deleting again is done already: the same answer as the first, nothing changed.
    const again = await rest(`/api/clusters/${cluster.id}`, { method: "DELETE" });
    expect([again.status, again.body.status]).toEqual([200, "DESTROYED"]);
    const reused = await activeCluster({ blueprintId, name: cluster.name });
    expect(reused.status).toBe("ACTIVE");
  });

  it("adds an agent by hand under a chosen manager", async () => {
    const { cluster } = await newCluster(3);
    const lead2 = (await client().agents.list.query({ id: cluster.id, role: "lead" })).find((a) => a.key === "lead-2")!;
    const added = await rest(`/api/clusters/${cluster.id}/agents`, {
      method: "POST",
      json: { role: "worker", name: "Night shift", reportsToId: lead2.id },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      name: "Night shift",
      tier: "worker",
      reportsToId: lead2.id,
      addedManually: true,
    });
    const tree = (await client().hierarchy.get.query({ id: cluster.id })).roots as TreeNode[];
    const lead2Node = tree[0]!.subordinates.find((n) => n.agent.key === "lead-2")!;
    expect(lead2Node.subordinates.map((n) => n.agent.key)).toContain(added.body.key);
    // Counted once its process runs; the blueprint's plan (targetWorkers) does not include it.
    await expect
      .poll(async () => (await client().clusters.get.query({ id: cluster.id })).currentWorkers, { timeout: 15_000 })
      .toBe(4);
    expect((await client().clusters.get.query({ id: cluster.id })).targetWorkers).toBe(3);

    const workers = await client().agents.list.query({ id: cluster.id, role: "worker" });
    const underWorker = await rest(`/api/clusters/${cluster.id}/agents`, {
      method: "POST",
      json: { role: "lead", reportsToId: workers[0]!.id },
    });
    expect(underWorker.status).toBe(422);
    expect(underWorker.body.detail).toBe("a lead cannot report to a worker");
    const unknownRole = await rest(`/api/clusters/${cluster.id}/agents`, { method: "POST", json: { role: "janitor" } });
    expect(unknownRole.status).toBe(422);
    expect(unknownRole.body.detail).toContain("roles: supervisor, lead, worker");
  });

  it("reads yes/no query values as written: includeRemoved=false leaves retired agents out", async () => {
    const { cluster } = await newCluster(5);
    await client().clusters.scale.mutate({ id: cluster.id, targetWorkers: 4 });
    await waitForStatus(cluster.id, "ACTIVE");
    const current = await rest(`/api/clusters/${cluster.id}/agents?includeRemoved=false`);
    const all = await rest(`/api/clusters/${cluster.id}/agents?includeRemoved=true`);
    expect([current.status, all.status]).toEqual([200, 200]);
    expect([current.body.length, all.body.length]).toEqual([4, 5]);
    expect((await rest(`/api/clusters/${cluster.id}/agents?includeRemoved=perhaps`)).status).toBe(400);
  });

  it("reports metrics with current agent counts", async () => {
    const { cluster } = await newCluster(4);
    const { status, body } = await rest(`/api/clusters/${cluster.id}/metrics`);
    expect(status).toBe(200);
    expect(body.agents).toEqual({ IDLE: 4 });
    // The sampler records the cluster within an interval.
    await expect
      .poll(async () => (await rest(`/api/clusters/${cluster.id}/metrics`)).body.samples.at(-1)?.agentsActive, {
        timeout: 10_000,
      })
      .toBe(4);
  });

  it("keeps clusters on the blueprint version they were created from", async () => {
    const { cluster, blueprintId, yaml } = await newCluster();
    await uploadBlueprint(
      yaml
        .replace("version: 1.0.0", "version: 2.0.0")
        .replace("count: 0-6", "count: 0-2")
        .replace("max_workers: 12", "max_workers: 5"),
    );
    const after = await client().clusters.get.query({ id: cluster.id });
    expect(after.blueprintVersion).toBe("1.0.0");
    expect((await client().clusters.scale.mutate({ id: cluster.id, targetWorkers: 9 })).targetWorkers).toBe(9);
    await waitForStatus(cluster.id, "ACTIVE");
    const fresh = await activeCluster({ blueprintId, name: uniqueName("v2") });
    expect(fresh.blueprintVersion).toBe("2.0.0");
    expect(fresh.maxWorkers).toBe(5);
  });
});
