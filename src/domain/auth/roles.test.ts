import { describe, expect, it } from "vitest";
import { hasRole, rolesBelow } from "./roles";

describe("roles", () => {
  it("include every role before them", () => {
    expect(hasRole("ADMIN", "OPERATOR")).toBe(true);
    expect(hasRole("ADMIN", "VIEWER")).toBe(true);
    expect(hasRole("OPERATOR", "OPERATOR")).toBe(true);
    expect(hasRole("OPERATOR", "VIEWER")).toBe(true);
  });

  it("never include a role after them", () => {
    expect(hasRole("VIEWER", "OPERATOR")).toBe(false);
    expect(hasRole("VIEWER", "ADMIN")).toBe(false);
    expect(hasRole("OPERATOR", "ADMIN")).toBe(false);
  });

  it("list who falls short of a role", () => {
    expect(rolesBelow("VIEWER")).toEqual([]);
    expect(rolesBelow("OPERATOR")).toEqual(["VIEWER"]);
    expect(rolesBelow("ADMIN")).toEqual(["VIEWER", "OPERATOR"]);
  });
});
