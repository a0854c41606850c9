/** API tokens for other apps: shown once, stored hashed, used by tRPC and REST, revoked, expired. */
import { createHash } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { createMyzelClient } from "../../src/client";
import {
  allPages,
  baseUrl,
  client,
  rest,
  signIn,
  sql,
  teamBlueprint,
  tokenFor,
  uniqueName,
  waitForStatus,
} from "./helpers";

describe("API tokens", () => {
  it("are shown once, stored only as a hash, and listed without the token", async () => {
    const name = uniqueName("ci");
    const { token, info } = await client().tokens.create.mutate({ name, role: "OPERATOR" });
    expect(token).toMatch(/^myzel_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({
      name,
      role: "OPERATOR",
      prefix: token.slice(0, 12),
      createdBy: null,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: null,
    });

    const [row] = await sql<{ token_hash: string }>(`SELECT token_hash FROM api_tokens WHERE id = $1`, [info.id]);
    expect(row!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    const everything = JSON.stringify(await sql(`SELECT * FROM api_tokens`));
    expect(everything).not.toContain(token);

    const listed = (await allPages((page) => client().tokens.list.query(page))).find((t) => t.id === info.id)!;
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.prefix).toBe(token.slice(0, 12));
  });

  it("work with the typed client and with REST, and record when they were last used", async () => {
    const { token, info } = await client().tokens.create.mutate({ name: uniqueName("app"), role: "VIEWER" });
    const app = createMyzelClient({ url: baseUrl(), token });
    expect(await app.session.me.query({})).toEqual({ type: "token", id: info.id, name: info.name, role: "VIEWER" });
    const listed = await rest("/api/clusters", { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toBeInstanceOf(Array);
    const used = (await allPages((page) => client().tokens.list.query(page))).find((t) => t.id === info.id)!;
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("stop working at once when revoked", async () => {
    const { token, info } = await client().tokens.create.mutate({ name: uniqueName("leaked"), role: "ADMIN" });
    expect((await rest("/api/clusters", { token })).status).toBe(200);
    const revoked = await client().tokens.revoke.mutate({ tokenId: info.id });
    expect(revoked.revokedAt).not.toBeNull();
    const refused = await rest("/api/clusters", { token });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toContain("API token");
    await expect(createMyzelClient({ url: baseUrl(), token }).clusters.list.query({})).rejects.toThrow(
      /sign in, or send an API token/,
    );
  });

  it("stop working once past their expiry", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const { token, info } = await client().tokens.create.mutate({
      name: uniqueName("temp"),
      role: "VIEWER",
      expiresAt,
    });
    expect(info.expiresAt).toBe(expiresAt);
    expect((await rest("/api/clusters", { token })).status).toBe(200);
    // An hour passes.
    await sql(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [info.id]);
    expect((await rest("/api/clusters", { token })).status).toBe(401);
  });

  it("cannot be made already expired", async () => {
    const made = await rest("/api/tokens", {
      method: "POST",
      json: { name: "late", role: "VIEWER", expiresAt: "2020-01-01T00:00:00Z" },
    });
    expect(made.status).toBe(400);
    expect(made.body.detail).toBe("expiresAt must be in the future");
  });

  it("are judged alone: a bad token is refused even next to a valid session cookie", async () => {
    const cookie = await signIn(inject("adminEmail"), inject("adminPassword"));
    const response = await rest("/api/clusters", {
      token: "myzel_not-a-real-token-at-all-000000000000000000",
      headers: { cookie },
    });
    expect(response.status).toBe(401);
  });
});

describe("REST by role", () => {
  it("keeps a viewer from every mutating endpoint, and changes nothing", async () => {
    const viewer = await tokenFor("VIEWER");
    const name = uniqueName("viewer-try");
    const attempts = [
      await rest("/api/clusters", { method: "POST", token: viewer, json: { blueprintId: "marketing-v1", name } }),
      await rest("/api/blueprints", {
        method: "POST",
        token: viewer,
        body: "metadata: {}",
        headers: { "content-type": "application/yaml" },
      }),
      await rest("/api/heal", { method: "POST", token: viewer, json: { dryRun: true } }),
      await rest("/api/tokens", { method: "POST", token: viewer, json: { name: "escalate", role: "ADMIN" } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect(attempts[0]!.body).toEqual({
      type: "about:blank",
      title: "Forbidden",
      status: 403,
      code: "FORBIDDEN",
      detail: expect.stringContaining("this needs the OPERATOR role"),
    });
    expect(attempts[0]!.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect((await client().clusters.list.query({ search: name })).total).toBe(0);
  });

  it("lets an operator run clusters but not delete them or manage blueprints", async () => {
    const operator = await tokenFor("OPERATOR");
    const created = await rest("/api/clusters", {
      method: "POST",
      token: operator,
      json: { blueprintId: "marketing-v1", name: uniqueName("ops") },
    });
    expect(created.status).toBe(201);
    await waitForStatus(created.body.id, "ACTIVE");
    expect(
      (await rest(`/api/clusters/${created.body.id}/hibernate`, { method: "POST", token: operator, json: {} })).status,
    ).toBe(200);
    expect((await rest(`/api/clusters/${created.body.id}`, { method: "DELETE", token: operator })).status).toBe(403);
    const upload = await rest("/api/blueprints", {
      method: "POST",
      token: operator,
      json: { yaml: teamBlueprint().yaml },
    });
    expect(upload.status).toBe(403);
    expect((await rest(`/api/clusters/${created.body.id}`, { method: "DELETE" })).status).toBe(200);
  });

  it("asks anonymous callers to authenticate", async () => {
    const response = await rest("/api/clusters", { token: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      type: "about:blank",
      title: "Unauthorized",
      status: 401,
      code: "UNAUTHORIZED",
      detail: "sign in, or send an API token as Authorization: Bearer …",
    });
  });
});
