/**
 * Archiving and deleting blueprints over REST, as an admin cleaning up would: archived versions
 * start no clusters but their clusters run on; deleting is refused while a cluster uses it.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  activeCluster,
  deleteCreatedClusters,
  rest,
  sql,
  teamBlueprint,
  tokenFor,
  uniqueName,
  uploadBlueprint,
  waitForStatus,
} from "./helpers";

afterAll(deleteCreatedClusters);

const listed = async (query = "") =>
  ((await rest(`/api/blueprints${query}`)).body as Array<{ id: string; archivedVersions: string[] }>).map((b) => b.id);

describe("archiving a blueprint", () => {
  it("stops new clusters from an archived version while a cluster made from it keeps working", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id });

    const archived = await rest(`/api/blueprints/${id}/archive`, { method: "POST", json: { version: "1.0.0" } });
    expect(archived.status).toBe(200);
    expect(archived.body.versions).toEqual([{ version: "1.0.0", archivedAt: expect.any(String), deletedAt: null }]);

    const refused = await rest("/api/clusters", { method: "POST", json: { blueprintId: id, name: uniqueName("c") } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(`blueprint ${id}`);
    expect(refused.body.detail).toContain("archived");
    const named = await rest("/api/clusters", {
      method: "POST",
      json: { blueprintId: id, blueprintVersion: "1.0.0", name: uniqueName("c") },
    });
    expect(named.status).toBe(409);
    expect(named.body.detail).toContain("version 1.0.0 is archived");

    // The cluster made before still scales, hibernates and wakes.
    expect(
      (await rest(`/api/clusters/${cluster.id}/scale`, { method: "POST", json: { targetWorkers: 6 } })).status,
    ).toBe(200);
    await waitForStatus(cluster.id, "ACTIVE");
    expect((await rest(`/api/clusters/${cluster.id}/hibernate`, { method: "POST" })).status).toBe(200);
    await waitForStatus(cluster.id, "HIBERNATED");
    expect((await rest(`/api/clusters/${cluster.id}/reactivate`, { method: "POST" })).status).toBe(200);
    const awake = await waitForStatus(cluster.id, "ACTIVE");
    expect(awake.targetWorkers).toBe(6);

    // Lists hide it unless asked; its own page still shows it, marked.
    expect(await listed()).not.toContain(id);
    expect(await listed("?includeArchived=true")).toContain(id);
    const detail = await rest(`/api/blueprints/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.archivedAt).toEqual(expect.any(String));
    expect(detail.body.archivedVersions).toEqual(["1.0.0"]);

    // Unarchiving undoes it.
    const back = await rest(`/api/blueprints/${id}/unarchive`, { method: "POST" });
    expect(back.body.versions[0].archivedAt).toBeNull();
    expect(await listed()).toContain(id);
    const created = await rest("/api/clusters", { method: "POST", json: { blueprintId: id, name: uniqueName("c") } });
    expect(created.status).toBe(201);
    await rest(`/api/clusters/${created.body.id}`, { method: "DELETE" });
  });

  it("falls back to the newest version not archived, and archives every version when none is named", async () => {
    const id = uniqueName("team");
    await uploadBlueprint(teamBlueprint(id, "1.0.0").yaml);
    await uploadBlueprint(teamBlueprint(id, "2.0.0").yaml);
    await rest(`/api/blueprints/${id}/archive`, { method: "POST", json: { version: "2.0.0" } });

    expect((await rest(`/api/blueprints/${id}`)).body.version).toBe("1.0.0");
    const cluster = await activeCluster({ blueprintId: id });
    expect(cluster.blueprintVersion).toBe("1.0.0");

    const all = await rest(`/api/blueprints/${id}/archive`, { method: "POST" });
    expect(all.body.versions.map((v: { version: string }) => v.version)).toEqual(["2.0.0", "1.0.0"]);
    const refused = await rest("/api/clusters", { method: "POST", json: { blueprintId: id, name: uniqueName("c") } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(`every version of blueprint ${id} is archived`);
  });

  it("is for admins only, and names a version that does not exist", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const operator = await tokenFor("OPERATOR");
    expect((await rest(`/api/blueprints/${id}/archive`, { method: "POST", token: operator })).status).toBe(403);
    const missing = await rest(`/api/blueprints/${id}/archive`, { method: "POST", json: { version: "9.9.9" } });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain("no version 9.9.9");
    expect((await rest(`/api/blueprints/${id}`)).body.archivedAt).toBeNull();
  });
});

describe("deleting a blueprint", () => {
  it("is refused while a cluster uses it, naming the cluster; allowed once the cluster is deleted", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id });

    const refused = await rest(`/api/blueprints/${id}`, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(cluster.name);
    expect(refused.body.issues).toEqual([expect.objectContaining({ path: "" })]);
    expect((await rest(`/api/blueprints/${id}`)).status).toBe(200);

    await rest(`/api/clusters/${cluster.id}`, { method: "DELETE" });
    await waitForStatus(cluster.id, "DESTROYED");
    const deleted = await rest(`/api/blueprints/${id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.body.versions).toEqual([{ version: "1.0.0", archivedAt: null, deletedAt: expect.any(String) }]);

    // Gone from every answer, while the deleted cluster keeps its record of it.
    expect((await rest(`/api/blueprints/${id}`)).status).toBe(404);
    expect(await listed("?includeArchived=true")).not.toContain(id);
    const record = await rest(`/api/clusters/${cluster.id}`);
    expect(record.status).toBe(200);
    expect(record.body.blueprintId).toBe(id);
    const create = await rest("/api/clusters", { method: "POST", json: { blueprintId: id, name: uniqueName("c") } });
    expect(create.status).toBe(404);

    // Deleting again answers the same; a blueprint that never existed is a 404.
    const again = await rest(`/api/blueprints/${id}`, { method: "DELETE" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(deleted.body);
    expect((await rest(`/api/blueprints/${uniqueName("never")}`, { method: "DELETE" })).status).toBe(404);
  });

  it("deletes one version and keeps the others; uploading a deleted version brings it back", async () => {
    const id = uniqueName("team");
    await uploadBlueprint(teamBlueprint(id, "1.0.0").yaml);
    await uploadBlueprint(teamBlueprint(id, "2.0.0").yaml);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 3 });
    expect(cluster.blueprintVersion).toBe("2.0.0");

    expect((await rest(`/api/blueprints/${id}?version=2.0.0`, { method: "DELETE" })).status).toBe(409);
    const one = await rest(`/api/blueprints/${id}?version=1.0.0`, { method: "DELETE" });
    expect(one.status).toBe(200);
    const left = await rest(`/api/blueprints/${id}`);
    expect(left.body.versions).toEqual(["2.0.0"]);
    expect((await rest(`/api/blueprints/${id}?version=1.0.0`)).status).toBe(404);

    const again = await rest("/api/blueprints", { method: "POST", json: { yaml: teamBlueprint(id, "1.0.0").yaml } });
    expect(again.body.created).toBe(true);
    expect(again.body.blueprint.versions).toEqual(["2.0.0", "1.0.0"]);
    const rows = await sql<{ n: string }>("SELECT count(*) AS n FROM cluster_blueprints WHERE blueprint_id = $1", [id]);
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it("leaves an audit row naming who deleted it", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    await rest(`/api/blueprints/${id}`, { method: "DELETE" });
    const audit = await rest(`/api/audit-log?action=blueprints.delete&target=${id}`);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(id);
  });
});
