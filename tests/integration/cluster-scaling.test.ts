import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { keysOf, marketingCluster, newCluster, scaleAndSettle, type TreeNode } from "./cluster-helpers";
import { client, deleteCreatedClusters, rest, waitForStatus } from "./helpers";

afterEach(deleteCreatedClusters);

describe("cluster scaling", () => {
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

  it("scales 8 → 6 → 8 and up and down again as often as asked, keys unique among the live agents", async () => {
    const cluster = await marketingCluster(8);
    const sizes = [6, 8, 5, 9, 6, 10, 5, 8];
    for (const targetWorkers of sizes) {
      const scaled = await scaleAndSettle(cluster.id, { targetWorkers });
      expect(scaled.status, `scale to ${targetWorkers}: ${scaled.body.detail}`).toBe(200);
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
    expect(unknown.body.issues[0]).toMatchObject({ path: "/roles/janitor" });
    const tooMany = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { roles: { analyst: 4 } },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.issues[0]).toEqual({
      path: "/roles/analyst",
      message: "analyst may have between 0 and 3 agents, got 4",
    });
    const fixed = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { roles: { supervisor: 2 } },
    });
    expect(fixed.status).toBe(422);
    expect(fixed.body.issues[0].path).toBe("/roles/supervisor");
    const tooFew = await rest(`/api/clusters/${cluster.id}/scale`, {
      method: "POST",
      json: { roles: { analyst: 0, content_writer: 0, social_media_manager: 0 } },
    });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.detail).toContain("this cluster allows 5 to 20");
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
      expect(second.body.detail).toMatch(
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
