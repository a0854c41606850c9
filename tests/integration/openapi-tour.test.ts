/**
 * The README's tour through a REST client generated from the served OpenAPI document
 * (openapi-typescript types, openapi-fetch calls), every answer held to that document: its status
 * listed for the operation, its content type and body valid against the schema given for it.
 */
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "../../src/client/openapi";
import { REST_TYPES_FILE, restTypes } from "../../src/http/openapi-types";
import { contractOf, type OpenApi } from "../support/openapi-contract";
import { baseUrl, deleteCreatedClusters, rest, teamBlueprint, tokenFor, track, uniqueName } from "./helpers";

let contract: ReturnType<typeof contractOf>;
let document: OpenApi;
const tokens: Record<"ADMIN" | "OPERATOR" | "VIEWER", string> = { ADMIN: "", OPERATOR: "", VIEWER: "" };

/** A REST client as a user would generate it, for a token of this role (null: no token at all). */
function api(role: keyof typeof tokens | null) {
  const client = createClient<paths>({
    baseUrl: baseUrl(),
    headers: role ? { authorization: `Bearer ${tokens[role]}` } : {},
  });
  client.use(contract.middleware);
  return client;
}

beforeAll(async () => {
  const served = await rest("/api/openapi.json", { token: null });
  expect(served.status).toBe(200);
  document = served.body;
  contract = contractOf(document);
  tokens.ADMIN = await tokenFor("ADMIN");
  tokens.OPERATOR = await tokenFor("OPERATOR");
  tokens.VIEWER = await tokenFor("VIEWER");
});
afterAll(deleteCreatedClusters);

describe("a REST client generated from the served OpenAPI document", () => {
  it("is the one Myzel ships: src/client/openapi.d.ts is what openapi-typescript makes of the served document", async () => {
    const committed = readFileSync(REST_TYPES_FILE, "utf8");
    // Run `npm run openapi-types` when this fails: the API changed and the shipped types did not.
    expect(await restTypes(document)).toBe(committed);
  }, 60_000);

  it("takes the README's tour, every answer as the document says, errors included", async () => {
    const operator = api("OPERATOR");
    const viewer = api("VIEWER");
    const { id: blueprintId, yaml } = teamBlueprint();

    // Public, and who is calling.
    expect((await api(null).GET("/api/setup")).data?.needsSetup).toBe(false);
    expect((await operator.GET("/api/me")).data?.role).toBe("OPERATOR");
    expect((await api(null).GET("/api/me")).response.status).toBe(401);

    // A blueprint as raw YAML; checked first, refused with the line of the mistake, then stored.
    const asYaml = {
      bodySerializer: (body: unknown) => body as string,
      headers: { "content-type": "application/yaml" },
    };
    const broken = yaml.replace("reports_to: supervisor", "reports_to: boss");
    const check = await viewer.POST("/api/blueprints/validate", { body: broken as never, ...asYaml });
    expect(check.data?.valid).toBe(false);
    expect(check.data?.issues[0]?.line).toBeGreaterThan(0);
    const refused = await api("ADMIN").POST("/api/blueprints", { body: broken as never, ...asYaml });
    expect(refused.response.status).toBe(422);
    expect(refused.error?.issues?.[0]?.line).toBeGreaterThan(0);
    expect((await operator.POST("/api/blueprints", { body: { yaml } })).response.status).toBe(403);
    const uploaded = await api("ADMIN").POST("/api/blueprints", { body: yaml as never, ...asYaml });
    expect(uploaded.data?.blueprint.id).toBe(blueprintId);
    expect((await viewer.GET("/api/blueprints/{id}", { params: { path: { id: blueprintId } } })).data?.id).toBe(
      blueprintId,
    );

    // A cluster: bad input, an unknown blueprint, a role too low, no token; then made.
    const name = uniqueName("tour");
    const badSize = await operator.POST("/api/clusters", {
      body: { blueprintId, name, targetWorkers: "4" as never },
    });
    expect(badSize.response.status).toBe(400);
    expect(badSize.error?.issues?.[0]?.path).toBe("/targetWorkers");
    const unknown = await operator.POST("/api/clusters", { body: { blueprintId: uniqueName("none"), name } });
    expect(unknown.response.status).toBe(404);
    expect((await viewer.POST("/api/clusters", { body: { blueprintId, name } })).response.status).toBe(403);
    expect((await api(null).POST("/api/clusters", { body: { blueprintId, name } })).response.status).toBe(401);
    const tooBig = await operator.POST("/api/clusters", { body: { blueprintId, name, targetWorkers: 99 } });
    expect(tooBig.response.status).toBe(422);
    const created = await operator.POST("/api/clusters", { body: { blueprintId, name, targetWorkers: 4 } });
    const id = created.data!.id;
    track(id);
    expect((await operator.POST("/api/clusters", { body: { blueprintId, name } })).response.status).toBe(409);
    const byId = { params: { path: { id } } };
    const active = await viewer.GET("/api/clusters/{id}/wait", {
      params: { path: { id }, query: { status: "ACTIVE", timeoutMs: 20_000 } },
    });
    expect(active.data?.status).toBe("ACTIVE");
    const missing = await viewer.GET("/api/clusters/{id}", { params: { path: { id: crypto.randomUUID() } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.code).toBe("NOT_FOUND");
    expect((await viewer.GET("/api/clusters/{id}", { params: { path: { id: "not-an-id" } } })).response.status).toBe(
      400,
    );

    // Its tree, its agents, its figures.
    const tree = await viewer.GET("/api/clusters/{id}/hierarchy", byId);
    expect(tree.data?.roots[0]?.subordinates).toHaveLength(2);
    expect((await viewer.GET("/api/clusters/{id}/agents", byId)).data).toHaveLength(4);
    expect((await viewer.GET("/api/clusters/{id}/metrics", byId)).response.status).toBe(200);

    // Work: one task waited for, one refused, then found in the list and waited on again.
    const task = await operator.POST("/api/clusters/{id}/tasks", {
      ...byId,
      body: { role: "lead", payload: { prompt: "a tagline" }, waitMs: 15_000 },
    });
    expect(task.data?.status).toBe("SUCCEEDED");
    const noRole = await operator.POST("/api/clusters/{id}/tasks", { ...byId, body: { role: "boss", payload: 1 } });
    expect(noRole.response.status).toBe(422);
    const listed = await viewer.GET("/api/tasks", { params: { query: { clusterId: id } } });
    expect(listed.data?.items.map((t) => t.id)).toContain(task.data!.id);
    const waited = await viewer.GET("/api/tasks/{id}/wait", { params: { path: { id: task.data!.id }, query: {} } });
    expect(waited.data?.status).toBe("SUCCEEDED");
    const late = await operator.POST("/api/tasks/{id}/cancel", { params: { path: { id: task.data!.id } } });
    expect(late.response.status).toBe(409);

    // Scale, within the blueprint's bounds and beyond them.
    const scaled = await operator.POST("/api/clusters/{id}/scale", { ...byId, body: { targetWorkers: 5 } });
    expect(scaled.data?.targetWorkers).toBe(5);
    expect(
      (await operator.POST("/api/clusters/{id}/scale", { ...byId, body: { targetWorkers: 1 } })).response.status,
    ).toBe(422);

    await viewer.GET("/api/clusters/{id}/wait", { params: { path: { id }, query: { status: "ACTIVE" } } });

    // Hibernate, reactivate (twice: the second is a conflict), delete (admins only).
    expect((await operator.POST("/api/clusters/{id}/hibernate", byId)).response.status).toBe(200);
    await viewer.GET("/api/clusters/{id}/wait", { params: { path: { id }, query: { status: "HIBERNATED" } } });
    expect((await operator.POST("/api/clusters/{id}/reactivate", byId)).response.status).toBe(200);
    await viewer.GET("/api/clusters/{id}/wait", { params: { path: { id }, query: { status: "ACTIVE" } } });
    expect((await operator.POST("/api/clusters/{id}/reactivate", byId)).response.status).toBe(409);
    expect((await operator.DELETE("/api/clusters/{id}", byId)).response.status).toBe(403);
    const deleted = await api("ADMIN").DELETE("/api/clusters/{id}", byId);
    expect(deleted.response.ok).toBe(true);

    // A body that is not JSON, and one of a type the operation does not take.
    const notJson = await operator.POST("/api/clusters", {
      body: "{" as never,
      bodySerializer: (b: unknown) => b as string,
    });
    expect(notJson.response.status).toBe(400);
    const html = await operator.POST("/api/clusters", {
      body: "<p>" as never,
      bodySerializer: (b: unknown) => b as string,
      headers: { "content-type": "text/html" },
    });
    expect(html.response.status).toBe(415);

    expect(contract.answered.length).toBeGreaterThan(30);
  }, 120_000);
});
