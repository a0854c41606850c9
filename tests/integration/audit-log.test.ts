/** The audit log: every mutation, by whom, on what, from where, with its outcome — never its payload. */
import { afterAll, describe, expect, it } from "vitest";
import { createMyzelClient } from "../../src/client";
import {
  activeCluster,
  baseUrl,
  client,
  deleteCreatedClusters,
  rest,
  sql,
  teamBlueprint,
  uniqueName,
  uploadBlueprint,
} from "./helpers";

afterAll(deleteCreatedClusters);

async function entriesFor(target: string) {
  return (await client().audit.list.query({ target })).items;
}

describe("audit log", () => {
  it("records each change with who made it, what, on what, from where and how it ended", async () => {
    const { token, info } = await client().tokens.create.mutate({ name: uniqueName("ops-bot"), role: "OPERATOR" });
    const operator = createMyzelClient({ url: baseUrl(), token, headers: { "user-agent": "ops-bot/1.0" } });
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id });

    await operator.clusters.scale.mutate({ id: cluster.id, targetWorkers: 6 });
    await expect(operator.clusters.delete.mutate({ id: cluster.id })).rejects.toThrow(/needs the ADMIN role/);
    await expect(operator.clusters.reactivate.mutate({ id: cluster.id })).rejects.toThrow(/cannot reactivate/);

    const entries = await entriesFor(cluster.id);
    const byOperator = entries
      .filter((e) => e.actorId === info.id)
      .map(({ action, outcome, actorType, actorName, role, ip, userAgent }) => ({
        action,
        outcome,
        actorType,
        actorName,
        role,
        ip,
        userAgent,
      }));
    const seen = {
      actorType: "token",
      actorName: info.name,
      role: "OPERATOR",
      ip: "127.0.0.1",
      userAgent: "ops-bot/1.0",
    };
    expect(byOperator).toEqual([
      { action: "clusters.reactivate", outcome: "CONFLICT", ...seen },
      { action: "clusters.delete", outcome: "FORBIDDEN", ...seen },
      { action: "clusters.scale", outcome: "ok", ...seen },
    ]);
    expect(entries.find((e) => e.action === "clusters.create")).toMatchObject({
      actorName: "integration tests",
      role: "ADMIN",
      outcome: "ok",
    });
    expect((await client().audit.list.query({ target: id, action: "blueprints.upload" })).items).toHaveLength(1);
  });

  it("keeps task payloads and secrets out", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id });
    const secret = `do-not-log-${uniqueName("payload")}`;
    await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: { prompt: secret } });
    const made = await client().tokens.create.mutate({ name: uniqueName("hidden"), role: "VIEWER" });
    const everything = JSON.stringify(await sql(`SELECT * FROM audit_log`));
    expect(everything).toContain("tasks.submit");
    expect(everything).toContain(made.info.id);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(made.token);
  });

  it("skips checks that store nothing, and anonymous calls refused at the door", async () => {
    const before = (await client().audit.list.query({})).total;
    await client().blueprints.validate.mutate({ yaml: teamBlueprint().yaml });
    await expect(
      client(null).clusters.create.mutate({ blueprintId: "marketing-v1", name: "anonymous" }),
    ).rejects.toThrow(/sign in/);
    expect((await client().audit.list.query({})).total).toBe(before);
  });

  it("is listed to admins only, through tRPC and REST", async () => {
    const listed = await rest("/api/audit-log?action=clusters.scale&limit=5");
    expect(listed.status).toBe(200);
    expect(listed.body.items.every((e: { action: string }) => e.action === "clusters.scale")).toBe(true);
    const { token } = await client().tokens.create.mutate({ name: uniqueName("nosy"), role: "OPERATOR" });
    expect((await rest("/api/audit-log", { token })).status).toBe(403);
  });
});
