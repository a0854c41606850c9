/**
 * CORS for a web app on an allowed origin (MYZEL_CORS_ORIGINS=https://app.myzel.test in the
 * test server) calling with an API token, against the real server; the session cookie is
 * never honoured cross-origin.
 */
import { describe, expect, inject, it } from "vitest";
import { baseUrl, rest, signIn, teamBlueprint } from "./helpers";

const APP = "https://app.myzel.test";
/** What a browser adds to a cross-origin request. */
const fromOrigin = (origin: string) => ({ origin, "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" });

describe("CORS", () => {
  it("answers an allowed origin's preflight with the methods and headers the API takes, never credentials", async () => {
    const response = await fetch(`${baseUrl()}/api/clusters`, {
      method: "OPTIONS",
      headers: {
        ...fromOrigin(APP),
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, idempotency-key",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toBe(
      "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match",
    );
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("refuses another origin's preflight", async () => {
    const response = await fetch(`${baseUrl()}/api/clusters`, {
      method: "OPTIONS",
      headers: { ...fromOrigin("https://evil.example"), "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets the allowed origin create with a token and read Location; errors are readable too", async () => {
    const blueprint = teamBlueprint();
    const upload = await rest("/api/blueprints", {
      method: "POST",
      json: { yaml: blueprint.yaml },
      headers: fromOrigin(APP),
    });
    expect(upload.status).toBe(201);
    expect(upload.headers.get("access-control-allow-origin")).toBe(APP);
    expect(upload.headers.get("access-control-expose-headers")).toContain("Location");
    expect(upload.headers.get("access-control-allow-credentials")).toBeNull();
    const missing = await rest("/api/clusters/00000000-0000-4000-8000-000000000000", { headers: fromOrigin(APP) });
    expect([missing.status, missing.headers.get("access-control-allow-origin")]).toEqual([404, APP]);
  });

  it("refuses a cross-origin change that carries the session cookie and no token, even from the allowed origin", async () => {
    const cookie = await signIn(inject("adminEmail"), inject("adminPassword"));
    const blueprint = teamBlueprint();
    const withCookie = await rest("/api/blueprints", {
      method: "POST",
      json: { yaml: blueprint.yaml },
      token: null,
      headers: { ...fromOrigin(APP), cookie },
    });
    expect(withCookie.status).toBe(403);
    expect(withCookie.body.detail).toContain("cross-site request refused");
    expect((await rest(`/api/blueprints/${blueprint.id}`)).status).toBe(404);
  });

  it("refuses a change with a token from an origin that is not allowed", async () => {
    const response = await rest("/api/blueprints", {
      method: "POST",
      json: { yaml: teamBlueprint().yaml },
      headers: fromOrigin("https://evil.example"),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
