import { describe, expect, it } from "vitest";
import { dashboardRedirect, safeNextPath } from "./dashboard-access";

const at = (pathname: string, search = "") => ({ pathname, search });

describe("dashboard access", () => {
  it("sends everyone to the setup page while there is no user", () => {
    expect(dashboardRedirect(at("/clusters"), { needsSetup: true, signedIn: false })).toBe("/setup");
    expect(dashboardRedirect(at("/sign-in"), { needsSetup: true, signedIn: false })).toBe("/setup");
    expect(dashboardRedirect(at("/setup"), { needsSetup: true, signedIn: false })).toBeNull();
  });

  it("closes the setup page once there is a user", () => {
    expect(dashboardRedirect(at("/setup"), { needsSetup: false, signedIn: false })).toBe("/sign-in");
    expect(dashboardRedirect(at("/setup"), { needsSetup: false, signedIn: true })).toBe("/clusters");
  });

  it("asks for sign-in and comes back to the page afterwards", () => {
    expect(dashboardRedirect(at("/clusters/abc", "?tab=agents"), { needsSetup: false, signedIn: false })).toBe(
      "/sign-in?next=%2Fclusters%2Fabc%3Ftab%3Dagents",
    );
    expect(dashboardRedirect(at("/"), { needsSetup: false, signedIn: false })).toBe("/sign-in");
    expect(dashboardRedirect(at("/sign-in"), { needsSetup: false, signedIn: false })).toBeNull();
  });

  it("lets a signed-in user through, and away from the sign-in page", () => {
    expect(dashboardRedirect(at("/clusters"), { needsSetup: false, signedIn: true })).toBeNull();
    expect(dashboardRedirect(at("/sign-in"), { needsSetup: false, signedIn: true })).toBe("/clusters");
  });

  it("always serves the page's scripts, styles and icons", () => {
    expect(dashboardRedirect(at("/_next/static/chunks/app.js"), { needsSetup: true, signedIn: false })).toBeNull();
    expect(dashboardRedirect(at("/icon.svg"), { needsSetup: false, signedIn: false })).toBeNull();
  });

  it("returns only to paths on this site after sign-in", () => {
    const origin = "http://localhost:3000";
    expect(safeNextPath("/clusters/abc?x=1", origin)).toBe("/clusters/abc?x=1");
    expect(safeNextPath("/tasks#failed", origin)).toBe("/tasks#failed");
    expect(safeNextPath("http://localhost:3000/healing", origin)).toBe("/healing");
    expect(safeNextPath(null, origin)).toBe("/clusters");
    expect(safeNextPath("", origin)).toBe("/clusters");
  });

  it.each([
    "https://evil.example",
    "http://evil.example/clusters",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example/",
    "\t//evil.example",
    "/\n/evil.example",
    " //evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://localhost:3000@evil.example/",
    "http://localhost:4000/clusters",
    "https://localhost:3000/clusters",
  ])("never leaves the site for %j", (hostile) => {
    const path = safeNextPath(hostile, "http://localhost:3000");
    expect(new URL(path, "http://localhost:3000").origin).toBe("http://localhost:3000");
    expect(path).toMatch(/^\/(?![/\\])/);
  });
});
