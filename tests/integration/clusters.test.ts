import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  teamBlueprint,
  track,
  uniqueName,
  uploadBlueprint,
  waitForStatus,
} from "./helpers";

async function newCluster(targetWorkers?: number) {
  const { id, yaml } = teamBlueprint();
  await uploadBlueprint(yaml);
  const cluster = await activeCluster({ blueprintId: id, targetWorkers });
  return { blueprintId: id, yaml, cluster };
}

afterEach(deleteCreatedClusters);

/** blueprints/marketing.yaml under an id of its own: fixed supervisor and leads, four roles with ranges from 0. */
async function marketingCluster(targetWorkers: number) {
  const id = uniqueName("marketing");
  await uploadBlueprint(
    readFileSync(new URL("../../blueprints/marketing.yaml", import.meta.url), "utf8").replace(
      "id: marketing-v1",
      `id: ${id}`,
    ),
  );
  return activeCluster({ blueprintId: id, targetWorkers });
}

/** Scales by REST and waits until the cluster is ACTIVE again; returns the scale response. */
async function scaleAndSettle(id: string, json: Record<string, unknown>) {
  const response = await rest(`/api/clusters/${id}/scale`, { method: "POST", json });
  if (response.status === 200) await waitForStatus(id, "ACTIVE");
  return response;
}

type TreeNode = { agent: { tier: string; key: string; role: string }; subordinates: TreeNode[] };
const keysOf = (nodes: TreeNode[]): string[] => nodes.flatMap((n) => [n.agent.key, ...keysOf(n.subordinates)]);

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
    const firstPage = await client().clusters.list.query({ limit: 1, offset: 0 });
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.total).toBeGreaterThanOrEqual(1);
    expect((await rest(`/api/clusters/${cluster.id}`)).body.name).toBe(cluster.name);
  });

  it("answers unknown and malformed ids with 404 and 400", async () => {
    const unknown = await rest("/api/clusters/00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain("does not exist");
    const malformed = await rest("/api/clusters/not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0]).toMatchObject({ path: "id" });
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
    expect(duplicate.body.message).toContain("already exists");
    const tooBig = await rest("/api/clusters", {
      method: "POST",
      json: { blueprintId, name: uniqueName("big"), targetWorkers: 50 },
    });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.message).toContain("between 3 and 9");
    expect((await client().clusters.list.query({ blueprintId })).total).toBe(before);
  });

  it("scales up and down through the lifecycle, the tree following", async () => {
    const { cluster } = await newCluster(3);
    const up = await rest(`/api/clusters/${cluster.id}/scale`, { method: "POST", json: { targetWorkers: 9 } });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: "SCALING_UP", targetWorkers: 9 });
    expect(up.body.currentWorkers).toBeLessThan(9);
    expect((await waitForStatus(cluster.id, "ACTIVE")).currentWorkers).toBe(9);
    const big = (await client().hierarchy.get.query({ id: cluster.id })).roots as TreeNode[];
    expect(keysOf(big).filter((k) => k.startsWith("worker-"))).toHaveLength(6);

    const down = await client().clusters.scale.mutate({ id: cluster.id, targetWorkers: 4 });
    expect(down).toMatchObject({ status: "SCALING_DOWN", targetWorkers: 4 });
    await waitForStatus(cluster.id, "ACTIVE");
    const agents = await client().agents.list.query({ id: cluster.id, includeRemoved: true });
    const retired = agents.filter((a) => a.removedAt !== null);
    expect(retired).toHaveLength(5);
    // Drained and stopped, not left running.
    expect(retired.map((a) => a.status)).toEqual(Array(5).fill("STOPPED"));
    expect(
      agents
        .filter((a) => a.removedAt === null)
        .map((a) => a.key)
        .sort(),
    ).toEqual(["lead-1", "lead-2", "supervisor-1", "worker-1"]);

    const outside = await rest(`/api/clusters/${cluster.id}/scale`, { method: "POST", json: { targetWorkers: 2 } });
    expect(outside.status).toBe(422);
  });

  it("hibernates and reactivates; an invalid transition is refused and changes nothing", async () => {
    const { cluster } = await newCluster();
    const refused = await rest(`/api/clusters/${cluster.id}/reactivate`, { method: "POST", json: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
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
    expect(scaleWhileAsleep.body.message).toBe(
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
    expect(excludes.body.message).toContain("scale it first");
    const badStrategy = await rest(`/api/clusters/${cluster.id}`, {
      method: "PUT",
      json: { routingStrategy: "random" },
    });
    expect(badStrategy.status).toBe(400);
    expect(badStrategy.body.issues[0].path).toBe("routingStrategy");
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
    const again = await rest(`/api/clusters/${cluster.id}`, { method: "DELETE" });
    expect(again.status).toBe(409);
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
    expect(added.status).toBe(200);
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
    expect(underWorker.body.message).toBe("a lead cannot report to a worker");
    const unknownRole = await rest(`/api/clusters/${cluster.id}/agents`, { method: "POST", json: { role: "janitor" } });
    expect(unknownRole.status).toBe(422);
    expect(unknownRole.body.message).toContain("roles: supervisor, lead, worker");
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

  it("scales 8 → 6 → 8 and up and down again as often as asked, keys unique among the live agents", async () => {
    const cluster = await marketingCluster(8);
    const sizes = [6, 8, 5, 9, 6, 10, 5, 8];
    for (const targetWorkers of sizes) {
      const scaled = await scaleAndSettle(cluster.id, { targetWorkers });
      expect(scaled.status, `scale to ${targetWorkers}: ${scaled.body.message}`).toBe(200);
      const live = await client().agents.list.query({ id: cluster.id });
      expect(live).toHaveLength(targetWorkers);
      expect(new Set(live.map((a) => a.key)).size).toBe(targetWorkers);
      expect(live.every((a) => a.status === "IDLE" && a.pid !== null && isAlive(a.pid))).toBe(true);
      expect((await client().clusters.get.query({ id: cluster.id })).currentWorkers).toBe(targetWorkers);
    }
    // A key names a place in the plan: the analyst retired at 6 and the one back at 8 share it, not the id.
    const analysts = (await client().agents.list.query({ id: cluster.id, includeRemoved: true })).filter(
      (a) => a.key === "analyst-1",
    );
    expect(analysts.filter((a) => a.removedAt === null)).toHaveLength(1);
    expect(analysts.filter((a) => a.removedAt !== null).length).toBeGreaterThanOrEqual(2);
    expect(new Set(analysts.map((a) => a.id)).size).toBe(analysts.length);
    expect(analysts.filter((a) => a.removedAt !== null).every((a) => a.status === "STOPPED")).toBe(true);
    // The last analyst takes tasks under the reused key.
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "analyst", waitMs: 10_000 });
    expect(task).toMatchObject({ status: "SUCCEEDED", agentId: analysts.find((a) => a.removedAt === null)!.id });
  }, 120_000);

  it("scales single roles, refusing unknown roles and counts outside a role's range with the path", async () => {
    const cluster = await marketingCluster(5);
    expect(cluster.roleTargets).toMatchObject({
      content_writer: 1,
      social_media_manager: 1,
      seo_specialist: 0,
      analyst: 0,
    });
    const grown = await scaleAndSettle(cluster.id, { roles: { analyst: 2, content_writer: 0 } });
    expect(grown.status).toBe(200);
    expect(grown.body).toMatchObject({
      status: "SCALING_UP",
      targetWorkers: 6,
      roleTargets: { analyst: 2, content_writer: 0, social_media_manager: 1 },
    });
    expect((await client().agents.list.query({ id: cluster.id, role: "analyst" })).map((a) => a.key)).toEqual([
      "analyst-1",
      "analyst-2",
    ]);
    expect(await client().agents.list.query({ id: cluster.id, role: "content_writer" })).toEqual([]);
    // A total keeps what the roles have where it can: growing by one adds a writer back, the analysts stay.
    expect((await scaleAndSettle(cluster.id, { targetWorkers: 7 })).body.roleTargets).toMatchObject({
      analyst: 2,
      content_writer: 1,
    });

    const unknown = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { roles: { janitor: 1 } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues[0]).toMatchObject({ path: "roles.janitor" });
    const tooMany = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { roles: { analyst: 4 } },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.issues[0]).toEqual({
      path: "roles.analyst",
      message: "analyst may have between 0 and 3 agents, got 4",
    });
    const fixed = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { roles: { supervisor: 2 } },
    });
    expect(fixed.status).toBe(422);
    expect(fixed.body.issues[0].path).toBe("roles.supervisor");
    const tooFew = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { roles: { analyst: 0, content_writer: 0, social_media_manager: 0 } },
    });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.message).toContain("this cluster allows 5 to 20");
    const both = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { targetWorkers: 6, roles: { analyst: 1 } },
    });
    expect(both.status).toBe(400);
    expect((await client().clusters.get.query({ id: cluster.id })).roleTargets).toMatchObject({
      analyst: 2,
      content_writer: 1,
    });
  }, 90_000);

  it("refuses to scale a cluster that is still scaling, saying what to do", async () => {
    const cluster = await marketingCluster(5);
    const first = await rest(`/api/clusters/${cluster.id}/scale`, { method: "POST", json: { targetWorkers: 9 } });
    expect(first.status).toBe(200);
    const second = await rest(`/api/clusters/${cluster.id}/scale`, { method: "POST", json: { targetWorkers: 5 } });
    // Unless the new agents were all up already, the second request finds the cluster mid-scale.
    if (second.status !== 200) {
      expect(second.status).toBe(409);
      expect(second.body.message).toMatch(
        /^cannot scale a cluster that is SCALING_UP: it is still scaling up: .*scale it again once it is ACTIVE$/,
      );
    }
    await waitForStatus(cluster.id, "ACTIVE");
  }, 60_000);

  it("keeps a task for a role at zero waiting, visibly, while auto-scaling is off; scaling the role runs it", async () => {
    const cluster = await marketingCluster(5);
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "analyst", waitMs: 0 });
    expect(task.status).toBe("PENDING");
    await expect
      .poll(
        async () =>
          (await rest(`/api/clusters/${cluster.id}/metrics`)).body.roles.find(
            (r: { role: string }) => r.role === "analyst",
          ),
        { timeout: 10_000 },
      )
      .toMatchObject({ role: "analyst", target: 0, running: 0, waiting: 1 });
    expect((await client().tasks.get.query({ id: task.id })).status).toBe("PENDING");
    await client().clusters.scale.mutate({ id: cluster.id, roles: { analyst: 1 } });
    expect((await client().tasks.wait.query({ id: task.id, timeoutMs: 20_000 })).status).toBe("SUCCEEDED");
  }, 60_000);
});
