import { TRPCError } from "@trpc/server";
import { forEachOpenApiProcedure } from "trpc-to-openapi";
import { describe, expect, it } from "vitest";
import { appRouter, createCaller } from "../api/root";
import type { Context } from "../api/trpc";
import type { Role } from "../schemas/auth-api";
import { PROBLEM_CONTENT_TYPE } from "../schemas/problem";
import { openApiDocument } from "./openapi";
import { redoclyProblems } from "./openapi-lint";
import { problemResponses } from "./openapi-problems";

const document = openApiDocument("https://myzel.internal");

type Operation = {
  description?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: { type?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
  "x-myzel-role"?: Role;
};

const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
);

const BELOW: Record<Role, Role | null> = { VIEWER: null, OPERATOR: "VIEWER", ADMIN: "OPERATOR" };

/** What a procedure answers a caller of this role (null: anonymous), before its input is looked at. */
async function refusal(procedurePath: string, role: Role | null): Promise<string | undefined> {
  const ctx = {
    origin: "internal",
    actor: role ? { type: "token", id: "t", name: "probe", role } : null,
    client: { ip: null, userAgent: null },
    log: { error() {} },
    // A caller the role lets through reaches its service: every query it makes fails, as a promise.
    db: new Proxy({}, { get: () => new Proxy({}, { get: () => () => Promise.reject(new Error("no database here")) }) }),
  } as unknown as Context;
  const call = procedurePath
    .split(".")
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], createCaller(ctx));
  try {
    await (call as (input: unknown) => Promise<unknown>)({});
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN")) return error.code;
  }
  return undefined;
}

describe("the OpenAPI document of the REST API", () => {
  it("has no error and no warning under Redocly's recommended rules", async () => {
    expect(await redoclyProblems(document)).toEqual([]);
  }, 60_000);

  it("names the role each operation needs, as the procedure's middleware really checks it", async () => {
    const procedures: Array<{ path: string; route: string }> = [];
    forEachOpenApiProcedure(appRouter._def.procedures, ({ path, meta }) =>
      procedures.push({ path, route: `${meta.openapi.method.toLowerCase()} ${meta.openapi.path}` }),
    );
    expect(procedures).toHaveLength(operations.length);
    for (const { path, route } of procedures) {
      const operation = operations.find((op) => `${op.method} ${op.path}` === route)!.operation;
      const role = operation["x-myzel-role"];
      if (!role) {
        expect(await refusal(path, null), route).toBeUndefined();
        expect(operation.description, route).toContain("Public: needs no sign-in.");
        expect(operation.security, route).toEqual([]);
        continue;
      }
      if ((role as string) === "AGENT") {
        expect(operation.description, route).toContain("Only for agents");
        expect(await refusal(path, null), route).toBe("UNAUTHORIZED");
        continue;
      }
      expect(operation.description, route).toContain(`Needs the ${role} role`);
      expect(await refusal(path, null), route).toBe("UNAUTHORIZED");
      const below = BELOW[role];
      if (below) expect(await refusal(path, below), route).toBe("FORBIDDEN");
      expect(await refusal(path, role), route).toBeUndefined();
    }
  });

  it("tells what every operation does beyond its summary", () => {
    for (const { path, method, operation } of operations) {
      const [what] = (operation.description ?? "").split("\n\n");
      expect(what, `${method} ${path}`).not.toBe((operation as { summary?: string }).summary);
      expect(what!.length, `${method} ${path}`).toBeGreaterThan(40);
    }
  });

  it("documents every error as problem details: 400 with input, 401/403 when signed in, 404 with an id", () => {
    for (const { path, method, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      const where = `${method} ${path}`;
      expect(statuses, where).toContain("400");
      expect(statuses, where).toContain("500");
      if (operation["x-myzel-role"]) expect(statuses, where).toEqual(expect.arrayContaining(["401", "403"]));
      else expect(statuses, where).not.toContain("401");
      if (path.includes("{")) expect(statuses, where).toContain("404");
      if (method !== "get") expect(statuses, where).toEqual(expect.arrayContaining(["413", "415"]));
      // 431 comes from Node's HTTP parser, before Myzel sees the request: it has no body.
      expect(operation.responses["431"], where).toEqual({ description: expect.any(String) });
      for (const status of statuses.filter((s) => Number(s) >= 400 && s !== "431")) {
        expect(operation.responses[status]!.content, `${where} ${status}`).toEqual({
          [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } },
        });
      }
    }
  });

  it("describes the problem and its issues as the server sends them", () => {
    const schemas = document.components!.schemas as Record<string, { properties: object; required: string[] }>;
    expect(Object.keys(schemas.Problem!.properties)).toEqual(["type", "title", "status", "detail", "code", "issues"]);
    expect(Object.keys(schemas.Issue!.properties)).toEqual(["path", "message", "line", "column"]);
    expect(schemas.Issue!.required).toEqual(["path", "message"]);
    expect(Object.keys(schemas).filter((name) => name.startsWith("error.") || name.startsWith("__"))).toEqual([]);
  });

  it("names the resources, and the hierarchy node refers to itself", () => {
    const schemas = document.components!.schemas as Record<string, { properties: Record<string, unknown> }>;
    for (const name of ["Cluster", "ClusterPage", "Task", "TaskPage", "Blueprint", "Agent", "HealingEvent", "User"]) {
      expect(schemas[name], name).toBeDefined();
    }
    expect(schemas.HierarchyNode!.properties.subordinates).toEqual({
      type: "array",
      items: { $ref: "#/components/schemas/HierarchyNode" },
    });
  });

  it("takes a blueprint as YAML text or a Markdown manifest as well as JSON", () => {
    for (const path of ["/api/blueprints", "/api/blueprints/validate"]) {
      const body = operations.find((op) => op.path === path && op.method === "post")!.operation.requestBody!;
      expect(Object.keys(body.content)).toEqual(["application/json", "application/yaml", "text/markdown"]);
      expect(body.content["application/yaml"]!.schema.type).toBe("string");
      expect(body.content["text/markdown"]!.schema.type).toBe("string");
    }
  });

  it("lets a procedure add a status of its own, or say what a common one means for it", () => {
    const op = {
      method: "PUT" as const,
      path: "/api/things/{id}",
      role: "OPERATOR" as const,
      takesInput: true,
      extraContentTypes: [],
    };
    const responses = problemResponses(op, { 404: "No such thing.", 409: "The thing is busy." });
    expect(Object.keys(responses)).toEqual([
      "400",
      "401",
      "403",
      "404",
      "409",
      "413",
      "415",
      "421",
      "431",
      "500",
      "503",
    ]);
    expect(responses["404"]!.description).toBe("No such thing.");
  });

  it("documents the REST conventions the handler follows: 201 + Location, Idempotency-Key, ETag/If-Match, Link", () => {
    const op = (method: string, path: string) =>
      operations.find((candidate) => candidate.method === method && candidate.path === path)!.operation as Operation & {
        parameters?: Array<{ name: string; in: string }>;
        responses: Record<string, { headers?: Record<string, unknown>; description?: string }>;
      };
    const create = op("post", "/api/clusters");
    expect(Object.keys(create.responses)).not.toContain("200");
    expect(Object.keys(create.responses["201"]!.headers ?? {})).toEqual(["Location", "ETag", "Idempotent-Replayed"]);
    expect(create.parameters?.map((parameter) => parameter.name)).toContain("Idempotency-Key");
    expect(create.responses["409"]!.description).toMatch(/name exists.*Or: a request with the same Idempotency-Key/);
    const scale = op("post", "/api/clusters/{id}/scale");
    expect(scale.parameters?.map((parameter) => parameter.name)).toContain("If-Match");
    expect(scale.responses["412"]!.description).toMatch(/no longer current/);
    // An upload of the same blueprint again creates nothing: 200, a new one 201.
    expect(Object.keys(op("post", "/api/blueprints").responses)).toEqual(expect.arrayContaining(["200", "201"]));
    expect(Object.keys(op("get", "/api/tasks").responses["200"]!.headers ?? {})).toEqual(["Link"]);
    expect(op("get", "/api/tasks/{id}").responses["200"]!.headers).toBeUndefined();
  });
});
