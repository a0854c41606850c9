/**
 * Sign-in for people: sessions in HTTP-only SameSite cookies, sign-out, expiry, disabled
 * users, the sign-in rate limit in Redis, CSRF protection, and the headers every answer carries.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { baseUrl, client, sessionCookie, signIn, sql, uniqueName, userWith } from "./helpers";

let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject("redisUrl"));
});
afterAll(() => redis.quit());

/** Each test starts with no sign-in attempts counted for this machine. */
async function forgetAttempts() {
  const counted = await redis.keys("myzel:rate-limit:*");
  if (counted.length) await redis.del(...counted);
}
beforeEach(forgetAttempts);
afterAll(forgetAttempts);

async function trpc(path: string, init: { cookie?: string; origin?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {
    ...(init.cookie ? { cookie: init.cookie } : {}),
    ...(init.origin ? { origin: init.origin } : {}),
  };
  const response =
    init.body === undefined
      ? await fetch(`${baseUrl()}/api/trpc/${path}?input=${encodeURIComponent("{}")}`, { headers })
      : await fetch(`${baseUrl()}/api/trpc/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify(init.body),
        });
  return {
    status: response.status,
    body: (await response.json()) as { result?: { data: unknown }; error?: { message: string } },
  };
}

const postSignIn = (email: string, password: string) =>
  fetch(`${baseUrl()}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl() },
    body: JSON.stringify({ email, password }),
  });

describe("signing in", () => {
  it("gives an HTTP-only, SameSite=Lax session cookie that stands for the user and their role", async () => {
    const operator = await userWith("OPERATOR");
    const response = await postSignIn(operator.email, operator.password);
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith("myzel.session_token="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await trpc("session.me", { cookie: sessionCookie(response) });
    expect(me.body.result?.data).toEqual({ type: "user", id: operator.id, name: operator.email, role: "OPERATOR" });
  });

  it("refuses a wrong password without saying which part was wrong, and sets no cookie", async () => {
    const viewer = await userWith("VIEWER");
    for (const [email, password] of [
      [viewer.email, "not-the-password"],
      ["nobody@myzel.test", viewer.password],
    ] as const) {
      const response = await postSignIn(email, password);
      expect(response.status).toBe(401);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(((await response.json()) as { message: string }).message).toBe("Invalid email or password");
    }
  });

  it("ends the session on sign-out", async () => {
    const viewer = await userWith("VIEWER");
    const cookie = await signIn(viewer.email, viewer.password);
    expect((await trpc("session.me", { cookie })).status).toBe(200);
    const out = await fetch(`${baseUrl()}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: baseUrl(), "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect((await trpc("session.me", { cookie })).status).toBe(401);
  });

  it("does not accept a session past its expiry", async () => {
    const viewer = await userWith("VIEWER");
    const cookie = await signIn(viewer.email, viewer.password);
    await sql(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [viewer.id]);
    const me = await trpc("session.me", { cookie });
    expect(me.status).toBe(401);
    expect(me.body.error?.message).toContain("sign in");
  });

  it("shuts a disabled user out at once, and lets them back in when enabled again", async () => {
    const operator = await userWith("OPERATOR");
    const cookie = await signIn(operator.email, operator.password);
    await client().users.setDisabled.mutate({ userId: operator.id, disabled: true });
    expect((await trpc("session.me", { cookie })).status).toBe(401);
    expect((await postSignIn(operator.email, operator.password)).status).not.toBe(200);
    await client().users.setDisabled.mutate({ userId: operator.id, disabled: false });
    expect((await postSignIn(operator.email, operator.password)).status).toBe(200);
  });

  it("applies a new role on the user's next request", async () => {
    const user = await userWith("VIEWER");
    const cookie = await signIn(user.email, user.password);
    const create = { cookie, origin: baseUrl(), body: { blueprintId: "marketing-v1", name: uniqueName("promoted") } };
    expect((await trpc("clusters.create", create)).status).toBe(403);
    await client().users.setRole.mutate({ userId: user.id, role: "OPERATOR" });
    const created = await trpc("clusters.create", create);
    expect(created.status).toBe(200);
    await client().clusters.delete.mutate({ id: (created.body.result!.data as { id: string }).id });
  });

  it("limits sign-in attempts per address, counted in Redis so every server shares the count", async () => {
    const viewer = await userWith("VIEWER");
    const statuses: number[] = [];
    // The integration server allows 12 attempts per window; each guess names another account.
    for (let attempt = 0; attempt < 13; attempt++)
      statuses.push((await postSignIn(`guess-${attempt}@myzel.test`, "wrong-password-guess")).status);
    expect(statuses).toEqual([...Array(12).fill(401), 429]);
    // Even the right password waits for the window now.
    const blocked = await postSignIn(viewer.email, viewer.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("x-retry-after"))).toBeGreaterThan(0);
    const counted = await redis.keys("myzel:rate-limit:*");
    expect(counted.filter((key) => key.includes("127.0.0.1"))).toHaveLength(1);
  });

  it("limits failed sign-ins per account too, and starts the account afresh after a success", async () => {
    const viewer = await userWith("VIEWER");
    // The integration server allows 5 failures per account and window.
    expect((await postSignIn(viewer.email, "wrong-password-1")).status).toBe(401);
    expect((await postSignIn(viewer.email, viewer.password)).status).toBe(200);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push((await postSignIn(viewer.email.toUpperCase(), `wrong-password-${attempt}`)).status);
    expect(statuses).toEqual(Array(5).fill(401));
    const blocked = await postSignIn(viewer.email, viewer.password);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { message: string }).message).toMatch(
      /too many failed sign-ins to this account; try again in \d+ s/,
    );
    expect(Number(blocked.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // Other accounts are not held up, and Redis holds no email address.
    const other = await userWith("VIEWER");
    expect((await postSignIn(other.email, other.password)).status).toBe(200);
    expect((await redis.keys("myzel:rate-limit:*")).join(" ")).not.toContain("@");
  });

  it("writes sign-ins, failed sign-ins and password changes to the audit log, never a password", async () => {
    const operator = await userWith("OPERATOR");
    const since = new Date().toISOString();
    expect((await postSignIn(operator.email, "not-the-password")).status).toBe(401);
    const signedIn = await postSignIn(operator.email, operator.password);
    const cookie = sessionCookie(signedIn);
    const changed = await fetch(`${baseUrl()}/api/auth/change-password`, {
      method: "POST",
      headers: { cookie, origin: baseUrl(), "content-type": "application/json", "user-agent": "browser/1.0" },
      body: JSON.stringify({ currentPassword: operator.password, newPassword: "a-new-long-password" }),
    });
    expect(changed.status).toBe(200);
    const rows = await sql<Record<string, string | null>>(
      `SELECT actor_type, actor_id, actor_name, role::text, action, target, ip, user_agent, outcome
         FROM audit_log WHERE action LIKE 'auth.%' AND at >= $1 AND (target = $2 OR actor_id = $3) ORDER BY at`,
      [since, operator.email, operator.id],
    );
    expect(rows.map((r) => [r.action, r.outcome, r.actor_type, r.actor_name, r.target, r.ip])).toEqual([
      ["auth.signIn", "UNAUTHORIZED", "anonymous", "anonymous", operator.email, "127.0.0.1"],
      ["auth.signIn", "ok", "user", operator.email, operator.email, "127.0.0.1"],
      ["auth.changePassword", "ok", "user", operator.email, operator.id, "127.0.0.1"],
    ]);
    expect(rows[2]!.user_agent).toBe("browser/1.0");
    expect(JSON.stringify(rows)).not.toMatch(/not-the-password|a-long-enough-password|a-new-long-password/);
    expect((await postSignIn(operator.email, "a-new-long-password")).status).toBe(200);
  });
});

describe("protection against other sites", () => {
  it("refuses a change sent with the session cookie from another origin", async () => {
    const admin = await signIn(inject("adminEmail"), inject("adminPassword"));
    const body = { blueprintId: "marketing-v1", name: uniqueName("csrf") };
    const forged = await trpc("clusters.create", { cookie: admin, origin: "https://evil.example", body });
    expect(forged.status).toBe(403);
    expect(JSON.stringify(forged.body)).toContain("cross-site request refused");
    const sameSite = await fetch(`${baseUrl()}/api/clusters`, {
      method: "POST",
      headers: { cookie: admin, "content-type": "application/json", "sec-fetch-site": "same-site" },
      body: JSON.stringify(body),
    });
    expect(sameSite.status).toBe(403);
    expect((await client().clusters.list.query({ search: body.name })).total).toBe(0);
  });

  it("refuses a sign-in form posted from another origin", async () => {
    const response = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ email: inject("adminEmail"), password: inject("adminPassword") }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a sign-in body over the size limit", async () => {
    const response = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.example", password: "x".repeat(600 * 1024) }),
    });
    expect(response.status).toBe(413);
  });

  it("sends the security headers with every answer, and /health says nothing sensitive", async () => {
    for (const path of ["/health", "/api/clusters", "/api/auth/get-session"]) {
      const response = await fetch(`${baseUrl()}${path}`);
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      // Scripts on a page may open connections to Myzel only, WebSockets included.
      expect(response.headers.get("content-security-policy")).toContain("connect-src 'self';");
      expect(response.headers.get("content-security-policy")).not.toMatch(/\bwss?:/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
    const health = await (await fetch(`${baseUrl()}/health`)).json();
    expect(Object.keys(health).sort()).toEqual(["database", "leader", "redis", "status", "uptimeSeconds"]);
    expect(JSON.stringify(health)).not.toMatch(/postgres(ql)?:\/\/|redis:\/\/|password|secret|token/i);
  });

  it("never shows a stack trace to a client", async () => {
    const response = await fetch(
      `${baseUrl()}/api/trpc/clusters.get?input=${encodeURIComponent(JSON.stringify({ id: "not-a-uuid" }))}`,
      {
        headers: { authorization: `Bearer ${inject("adminToken")}` },
      },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
