import { describe, expect, it } from "vitest";
import { createdResponse, fillTemplate } from "./created";

describe("createdResponse", () => {
  it("answers 201 with the new resource's path", () => {
    expect(createdResponse({ location: "/api/clusters/{id}" }, { id: "c-1", name: "x" })).toEqual({
      status: 201,
      headers: { Location: "/api/clusters/c-1" },
    });
  });

  it("fills nested fields and encodes them", () => {
    const data = { created: true, blueprint: { id: "team a", version: "1.0.0" } };
    expect(
      createdResponse(
        { location: "/api/blueprints/{blueprint.id}?version={blueprint.version}", when: "created" },
        data,
      ),
    ).toEqual({ status: 201, headers: { Location: "/api/blueprints/team%20a?version=1.0.0" } });
  });

  it("answers 200 without Location when the answer says nothing was created", () => {
    const data = { created: false, blueprint: { id: "team", version: "1.0.0" } };
    expect(createdResponse({ location: "/api/blueprints/{blueprint.id}", when: "created" }, data)).toEqual({
      status: 200,
      headers: {},
    });
  });

  it("leaves Location out rather than naming a wrong path when a field is missing", () => {
    expect(createdResponse({ location: "/api/tasks/{id}" }, { taskIds: ["a"] })).toEqual({ status: 201, headers: {} });
    expect(fillTemplate("/api/tasks/{id}", null)).toBeNull();
    expect(createdResponse({}, { token: "t" })).toEqual({ status: 201, headers: {} });
  });
});
