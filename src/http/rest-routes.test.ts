import { describe, expect, it } from "vitest";
import { appRouter } from "../api/root";
import { allowedMethods } from "../domain/http/methods";
import { restRoutes } from "./rest-routes";

const routes = restRoutes(appRouter);

describe("the REST routes' meta", () => {
  it("gives every create a Location that is a path of the API", () => {
    const locations = routes.flatMap((route) => (route.meta.created?.location ? [route.meta.created.location] : []));
    expect(locations.length).toBeGreaterThanOrEqual(5);
    for (const location of locations) {
      const path = location.split("?")[0]!.replace(/\{[\w.]+\}/g, "some-id");
      expect(allowedMethods(routes, path), location).not.toEqual([]);
    }
  });

  it("honours Idempotency-Key on creates only, and YAML on the blueprint endpoints only", () => {
    const idempotent = routes.filter((route) => route.meta.idempotent).map((route) => route.procedure);
    expect(idempotent.sort()).toEqual(["clusters.create", "tasks.submit", "tasks.submitMany"]);
    for (const procedure of idempotent)
      expect(routes.find((r) => r.procedure === procedure)?.meta.created).toBeDefined();
    const yaml = routes.filter((route) => route.contentTypes.includes("application/yaml")).map((r) => r.procedure);
    expect(yaml.sort()).toEqual(["blueprints.upload", "blueprints.validate"]);
  });
});
