import { describe, expect, it } from "vitest";
import { chooseNamespace, clusterNamespaces, mayAccess, memoryGrants } from "./access";

describe("memory grants", () => {
  it("lets every role without a memory section read and write the cluster's shared namespace", () => {
    const grants = memoryGrants(undefined);
    expect(grants.home).toEqual({ scope: "cluster", name: "shared" });
    expect(mayAccess(grants, { scope: "cluster", name: "shared" }, "write")).toBe(true);
    expect(mayAccess(grants, { scope: "cluster", name: "other" }, "read")).toBe(false);
  });

  it("gives a role its namespace for both, and read-only access to what it only reads", () => {
    const grants = memoryGrants({ namespace: "research", read: ["global:facts", "drafts"] });
    expect(mayAccess(grants, { scope: "cluster", name: "research" }, "write")).toBe(true);
    expect(mayAccess(grants, { scope: "global", name: "facts" }, "read")).toBe(true);
    expect(mayAccess(grants, { scope: "global", name: "facts" }, "write")).toBe(false);
    expect(mayAccess(grants, { scope: "cluster", name: "facts" }, "read")).toBe(false);
    expect(mayAccess(grants, { scope: "cluster", name: "shared" }, "read")).toBe(false);
  });

  it("refuses a named namespace the role was not given, saying which it may use", () => {
    const grants = memoryGrants({ namespace: "research" });
    expect(chooseNamespace(grants, undefined, "write")).toEqual({
      ok: true,
      ref: { scope: "cluster", name: "research" },
    });
    const refused = chooseNamespace(grants, "secrets", "read");
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining("may read: research") });
    expect(chooseNamespace(grants, "Bad Name", "read").ok).toBe(false);
  });

  it("lists the cluster's own namespaces of all roles once, never the global ones", () => {
    expect(
      clusterNamespaces([undefined, { namespace: "research", read: ["global:facts"] }, { read: ["research"] }]),
    ).toEqual(["research", "shared"]);
  });
});
