import { coerceSchema } from "trpc-to-openapi";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../api/root";
import { clusterUpdateInput } from "../schemas/cluster-api";
import { taskListInput } from "../schemas/task-api";
import { queryInput, routerWithDetachedInputs } from "./rest-inputs";
import { restRoutes, routeFor } from "./rest-routes";

const unwrapped = (query: Record<string, unknown[]>) =>
  Object.fromEntries(Object.entries(query).map(([key, [value]]) => [key, value]));

describe("routerWithDetachedInputs", () => {
  it("gives trpc-to-openapi copies: its coercion leaves the procedures' own schemas exact", () => {
    const view = routerWithDetachedInputs(appRouter);
    const copy = (view._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodObject[] } }>)[
      "clusters.update"
    ]!._def.inputs[0]!;
    coerceSchema(copy);
    const id = "3f1b6a4e-8c2d-4e5f-9a7b-1c2d3e4f5a6b";
    expect(copy.safeParse({ id, minWorkers: "2" }).success).toBe(true);
    expect(clusterUpdateInput.safeParse({ id, minWorkers: "2" }).success).toBe(false);
  });
});

describe("queryInput", () => {
  it("reads plain decimals and true/false/1/0 where the schema asks for numbers and booleans", () => {
    const query = queryInput(taskListInput, new URLSearchParams("limit=20&cursor=12&rootsOnly=0&type=7"));
    expect(unwrapped(query)).toEqual({ limit: 20, cursor: "12", rootsOnly: false, type: "7" });
  });

  it("leaves anything else a string, for zod to refuse by name", () => {
    const query = queryInput(taskListInput, new URLSearchParams("limit=0x2&cursor=1e3&rootsOnly=yes"));
    expect(unwrapped(query)).toEqual({ limit: "0x2", cursor: "1e3", rootsOnly: "yes" });
    const refused = taskListInput.safeParse(unwrapped(query)).error?.issues.map((issue) => issue.path[0]);
    expect(refused?.sort()).toEqual(["cursor", "limit", "rootsOnly"]);
  });

  it("reads a list field as every repeated value, and keeps unknown keys for zod to name", () => {
    const schema = z.strictObject({ ids: z.array(z.number()).optional() });
    expect(unwrapped(queryInput(schema, new URLSearchParams("ids=1&ids=2&idz=3")))).toEqual({ ids: [1, 2], idz: "3" });
    expect(unwrapped(queryInput(schema, new URLSearchParams("ids=1")))).toEqual({ ids: [1] });
  });

  it("finds the schema of a route by method and path", () => {
    const routes = restRoutes(appRouter);
    expect(routeFor(routes, "GET", "/api/tasks")?.input).toBe(taskListInput);
    expect(routeFor(routes, "DELETE", "/api/clusters/abc")?.procedure).toBe("clusters.delete");
    expect(routeFor(routes, "GET", "/api/nowhere")).toBeUndefined();
  });
});
