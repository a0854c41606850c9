import { describe, expect, it } from "vitest";
import { crossSiteRefusal, foreignOrigin } from "./cross-site";

const dashboard = { host: "myzel.local:3000", origin: "http://myzel.local:3000", secFetchSite: "same-origin" };

describe("cross-site refusal", () => {
  it("lets the dashboard's own requests through", () => {
    expect(crossSiteRefusal({ method: "POST", ...dashboard })).toBeNull();
  });

  it("refuses a form or script on another site", () => {
    expect(
      crossSiteRefusal({
        method: "POST",
        host: "myzel.local:3000",
        origin: "https://evil.example",
        secFetchSite: "cross-site",
      }),
    ).toContain("Sec-Fetch-Site: cross-site");
    expect(
      crossSiteRefusal({
        method: "POST",
        host: "myzel.local:3000",
        origin: "https://evil.example",
        secFetchSite: undefined,
      }),
    ).toContain("Origin: https://evil.example");
    expect(
      crossSiteRefusal({
        method: "DELETE",
        host: "myzel.local:3000",
        origin: "http://myzel.local:3000",
        secFetchSite: "same-site",
      }),
    ).toContain("same-site");
    expect(
      crossSiteRefusal({ method: "POST", host: "myzel.local:3000", origin: "null", secFetchSite: undefined }),
    ).toContain("opaque origin");
  });

  it("does not judge reads, which change nothing", () => {
    expect(
      crossSiteRefusal({
        method: "GET",
        host: "myzel.local:3000",
        origin: "https://evil.example",
        secFetchSite: "cross-site",
      }),
    ).toBeNull();
  });

  it("accepts calls from programs, which send neither header", () => {
    expect(
      crossSiteRefusal({ method: "POST", host: "127.0.0.1:3000", origin: undefined, secFetchSite: undefined }),
    ).toBeNull();
  });

  it("accepts the configured public address behind a proxy", () => {
    expect(
      crossSiteRefusal({
        method: "POST",
        host: "10.0.0.5:3000",
        origin: "https://myzel.example.com",
        secFetchSite: "same-origin",
        publicOrigin: "https://myzel.example.com",
      }),
    ).toBeNull();
  });

  it("lets an allowed origin change things with an API token, never with the cookie alone", () => {
    const app = {
      method: "POST",
      host: "myzel.local:3000",
      origin: "https://app.example.com",
      secFetchSite: "cross-site",
      corsOrigins: ["https://app.example.com"],
    };
    expect(crossSiteRefusal({ ...app, bearer: true })).toBeNull();
    expect(crossSiteRefusal({ ...app, bearer: false })).toContain("Sec-Fetch-Site: cross-site");
    expect(crossSiteRefusal({ ...app, origin: "https://evil.example", bearer: true })).toContain("cross-site");
  });

  it("judges WebSocket handshakes, which are GETs, by their origin alone", () => {
    expect(
      foreignOrigin({ host: "myzel.local:3000", origin: "http://localhost:8080", secFetchSite: "same-site" }),
    ).toContain("same-site");
    expect(
      foreignOrigin({ host: "myzel.local:3000", origin: "http://myzel.local:3000", secFetchSite: undefined }),
    ).toBeNull();
  });
});
