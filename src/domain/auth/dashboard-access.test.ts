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
    expect(safeNextPath("/clusters/abc?x=1")).toBe("/clusters/abc?x=1");
    expect(safeNextPath("https://evil.example")).toBe("/clusters");
    expect(safeNextPath("//evil.example")).toBe("/clusters");
    expect(safeNextPath("/\\evil.example")).toBe("/clusters");
    expect(safeNextPath(null)).toBe("/clusters");
  });
});
