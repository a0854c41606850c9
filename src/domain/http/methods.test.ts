import { describe, expect, it } from "vitest";
import { allowedMethods, matchesPath, methodDecision } from "./methods";

const routes = [
  { method: "GET", path: "/api/clusters" },
  { method: "POST", path: "/api/clusters" },
  { method: "GET", path: "/api/clusters/{id}" },
  { method: "PUT", path: "/api/clusters/{id}" },
  { method: "DELETE", path: "/api/clusters/{id}" },
  { method: "POST", path: "/api/clusters/{id}/tasks" },
  { method: "GET", path: "/api/blueprints/{id}" },
  { method: "POST", path: "/api/blueprints/validate" },
];

describe("path templates", () => {
  it("match one segment per parameter, never an empty one or several", () => {
    expect(matchesPath("/api/clusters/{id}", "/api/clusters/abc")).toBe(true);
    expect(matchesPath("/api/clusters/{id}", "/api/clusters/abc/")).toBe(true);
    expect(matchesPath("/api/clusters/{id}", "/api/clusters/abc/agents")).toBe(false);
    expect(matchesPath("/api/clusters/{id}/tasks", "/api/clusters//tasks")).toBe(false);
    expect(matchesPath("/api/clusters", "/api/cluster")).toBe(false);
  });
});

describe("allowed methods", () => {
  it("lists every method of a path, with HEAD beside GET and OPTIONS", () => {
    expect(allowedMethods(routes, "/api/clusters/c1")).toEqual(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
    expect(allowedMethods(routes, "/api/clusters/c1/tasks")).toEqual(["POST", "OPTIONS"]);
  });

  it("joins templates that both match a path", () => {
    expect(allowedMethods(routes, "/api/blueprints/validate")).toEqual(["GET", "HEAD", "POST", "OPTIONS"]);
  });

  it("knows no methods for a path no route has", () => {
    expect(allowedMethods(routes, "/api/nothing")).toEqual([]);
  });
});

describe("method decision", () => {
  it("runs a route's own method, and HEAD as GET", () => {
    expect(methodDecision(routes, "DELETE", "/api/clusters/c1")).toEqual({ kind: "run", method: "DELETE" });
    expect(methodDecision(routes, "head", "/api/clusters")).toEqual({ kind: "run", method: "GET" });
  });

  it("refuses another method on a known path, naming the allowed ones", () => {
    expect(methodDecision(routes, "PATCH", "/api/clusters")).toEqual({
      kind: "not-allowed",
      allow: ["GET", "HEAD", "POST", "OPTIONS"],
    });
    expect(methodDecision(routes, "GET", "/api/clusters/c1/tasks")).toEqual({
      kind: "not-allowed",
      allow: ["POST", "OPTIONS"],
    });
  });

  it("answers OPTIONS with the allowed methods, and leaves unknown paths to the 404", () => {
    expect(methodDecision(routes, "OPTIONS", "/api/clusters/c1/tasks")).toEqual({
      kind: "options",
      allow: ["POST", "OPTIONS"],
    });
    expect(methodDecision(routes, "GET", "/api/nope")).toEqual({ kind: "unknown-path" });
  });
});
