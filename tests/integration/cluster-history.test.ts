/**
 * Every change to a cluster is a numbered revision with who and why; a rollback returns the
 * cluster's size and settings through the lifecycle, is itself on record and audited, and is
 * refused with a reason where it cannot apply.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  teamBlueprint,
  uploadBlueprint,
  waitForStatus,
} from "./helpers";

afterAll(deleteCreatedClusters);

describe("cluster history", () => {
  it("records each change with who and why, and rolls back size and settings", async () => {
    const blueprint = teamBlueprint();
    await uploadBlueprint(blueprint.yaml);
    const cluster = await activeCluster({ blueprintId: blueprint.id, targetWorkers: 4 });
    const start = (await client().clusterHistory.list.query({ id: cluster.id })).items[0]!;
    await client().clusters.scale.mutate({ id: cluster.id, targetWorkers: 7 });
    await waitForStatus(cluster.id, "ACTIVE");
    await client().clusters.update.mutate({
      id: cluster.id,
      maxWorkers: 9,
      routingStrategy: "least-busy",
      description: "busy",
    });

    const history = (await client().clusterHistory.list.query({ id: cluster.id })).items;
    const scaled = history.find((item) => item.state.targetWorkers === 7 && item.state.status === "SCALING_UP")!;
    expect(scaled.reason).toMatch(/manual scale to 7/);
    expect(scaled.actor).toBe("token:integration tests");
    expect(scaled.changes.map((c) => c.field)).toEqual(
      expect.arrayContaining(["status", "targetWorkers", "roleTargets"]),
    );
    const updated = history[0]!;
    expect(updated.reason).toBe("settings updated");
    expect(updated.changes).toEqual(
      expect.arrayContaining([
        { field: "maxWorkers", before: 12, after: 9 },
        { field: "routingStrategy", before: start.state.routingStrategy, after: "least-busy" },
      ]),
    );
    // The reconciler's own moves are on record too, as the system's.
    expect(history.some((item) => item.actor === "system" && item.reason === "agents caught up")).toBe(true);

    const rolled = await rest(`/api/clusters/${cluster.id}/rollback`, {
      method: "POST",
      json: { revision: start.revision, reason: "too many" },
    });
    expect(rolled.status).toBe(200);
    const back = await waitForStatus(cluster.id, "ACTIVE");
    expect(back.targetWorkers).toBe(4);
    expect(back.maxWorkers).toBe(start.state.maxWorkers);
    expect(back.routingStrategy).toBe(start.state.routingStrategy);
    expect(back.description).toBe(start.state.description);
    await expect.poll(async () => (await client().agents.list.query({ id: cluster.id })).length).toBe(4);
    const after = (await client().clusterHistory.list.query({ id: cluster.id })).items;
    expect(
      after.filter((item) => item.reason === `rollback to revision ${start.revision}: too many`).length,
    ).toBeGreaterThanOrEqual(2);
    const audit = await client().audit.list.query({ action: "clusterHistory.rollback" });
    expect(audit.items.some((entry) => entry.target === cluster.id && entry.outcome === "ok")).toBe(true);
  });

  it("refuses a rollback that cannot apply, with the reason, and a revision that does not exist", async () => {
    const blueprint = teamBlueprint();
    await uploadBlueprint(blueprint.yaml);
    const cluster = await activeCluster({ blueprintId: blueprint.id });
    const missing = await rest(`/api/clusters/${cluster.id}/rollback`, { method: "POST", json: { revision: 999 } });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/no revision 999/);
    const bad = await rest(`/api/clusters/${cluster.id}/rollback`, {
      method: "POST",
      json: { revision: "one", extra: 1 },
    });
    expect(bad.status).toBe(400);
    await client().clusters.delete.mutate({ id: cluster.id });
    const gone = await rest(`/api/clusters/${cluster.id}/rollback`, { method: "POST", json: { revision: 1 } });
    expect(gone.status).toBe(409);
    expect(gone.body.detail).toMatch(/destroyed/);
  });
});
