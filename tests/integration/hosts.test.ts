/**
 * The Host a request names and the address it comes from: names Myzel was not told about are
 * refused before anything runs (DNS rebinding), a malformed Host gets 400, the OpenAPI
 * document names the public URL, and X-Forwarded-For counts only from trusted proxies. The
 * main test server has the defaults; a second one has a public URL, an allowed name and a
 * trusted proxy.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MyzelServer } from "../../src/boot/start-myzel";
import { baseUrl, sql } from "./helpers";
import { type SideServer, startSideServer } from "./side-server";

/** One request written by hand, so the Host header is exactly what the test says (HTTP/1.0: no chunks, then closed). */
async function raw(url: string, requestPath: string, host: string | null) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const lines = [`GET ${requestPath} HTTP/1.0`, ...(host === null ? [] : [`Host: ${host}`])];
  socket.write([...lines, "", ""].join("\r\n"));
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return { status: Number(text.split(" ")[1]), body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}

const portOf = (url: string) => new URL(url).port;

describe("hosts, with the defaults", () => {
  it("answers to localhost and IP addresses, and refuses other names with 421 before anything runs", async () => {
    const port = portOf(baseUrl());
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`])
      expect((await raw(baseUrl(), "/health", host)).status).toBe(200);
    for (const requestPath of ["/health", "/api/auth/get-session", "/api/setup", "/api/openapi.json"]) {
      const refused = await raw(baseUrl(), requestPath, `rebind.evil.example:${port}`);
      expect(refused.status).toBe(421);
      expect(refused.body).toContain('does not answer to the host \\"rebind.evil.example\\"');
    }
  });

  it("answers a malformed Host with 400, never 500, sign-in included", async () => {
    for (const host of ["[zz::1]", "myzel:99999", "user@evil.example", "a/b", "%zz"]) {
      const response = await raw(baseUrl(), "/api/auth/get-session", host);
      expect(response.status, host).toBe(400);
      expect(response.body).toContain("malformed Host header");
    }
  });

  it("refuses a live-events handshake naming another host", async () => {
    const handshake = "/socket.io/?EIO=4&transport=polling";
    expect((await raw(baseUrl(), handshake, `127.0.0.1:${portOf(baseUrl())}`)).status).toBe(200);
    expect((await raw(baseUrl(), handshake, "rebind.evil.example")).status).toBe(403);
  });

  it("names its public URL in the OpenAPI document, whatever the Host says", async () => {
    const document = await raw(baseUrl(), "/api/openapi.json", `127.0.0.1:${portOf(baseUrl())}`);
    expect(JSON.parse(document.body).servers).toEqual([{ url: `http://localhost:${portOf(baseUrl())}` }]);
  });

  it("does not believe X-Forwarded-For from a client that is no trusted proxy", async () => {
    const email = `spoofed-${Date.now()}@myzel.test`;
    const response = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl(), "x-forwarded-for": "198.51.100.7" },
      body: JSON.stringify({ email, password: "not-a-password" }),
    });
    expect(response.status).toBe(401);
    expect(await sql("SELECT ip FROM audit_log WHERE target = $1", [email])).toEqual([{ ip: "127.0.0.1" }]);
  });
});

describe("hosts and proxies, configured", () => {
  let side: SideServer;
  let server: MyzelServer;

  beforeAll(async () => {
    side = await startSideServer("hosts", 4, {
      MYZEL_PUBLIC_URL: "https://myzel.example.com",
      MYZEL_ALLOWED_HOSTS: "ops.internal",
      MYZEL_TRUSTED_PROXIES: "127.0.0.0/8",
      MYZEL_SIGN_IN_ACCOUNT_FAILURES: "3",
      MYZEL_ADMIN_EMAIL: "admin@hosts.test",
      MYZEL_ADMIN_PASSWORD: "hosts-admin-password",
    });
    server = side.server;
    await server.deps.redis.flushdb();
  });

  afterAll(() => side?.stop());

  it("answers to its public URL's host and the allowed names only", async () => {
    for (const host of ["myzel.example.com", "ops.internal:3000", "localhost"])
      expect((await raw(server.url, "/health", host)).status, host).toBe(200);
    expect((await raw(server.url, "/health", "myzel.example.com.evil.example")).status).toBe(421);
    const document = await raw(server.url, "/api/openapi.json", "ops.internal");
    expect(JSON.parse(document.body).servers).toEqual([{ url: "https://myzel.example.com" }]);
  });

  const signInThroughProxy = (client: string, email: string, password: string) =>
    fetch(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": `6.6.6.6, ${client}` },
      body: JSON.stringify({ email, password }),
    });

  it("takes the client's address from a trusted proxy's X-Forwarded-For, and slows a guesser spread over many", async () => {
    const statuses: number[] = [];
    for (const client of ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"])
      statuses.push((await signInThroughProxy(client, "admin@hosts.test", "a-wrong-guess")).status);
    // Three failures per account, from whatever address; then even the right password waits.
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await signInThroughProxy("198.51.100.5", "admin@hosts.test", "hosts-admin-password")).status).toBe(429);
    const rows = await side.query<{ ip: string }>("SELECT ip FROM audit_log WHERE action = 'auth.signIn' ORDER BY at");
    expect(rows.map((row) => row.ip)).toEqual(["198.51.100.1", "198.51.100.2", "198.51.100.3"]);
  });
});
