/**
 * A fresh installation without MYZEL_ADMIN_EMAIL: nothing is open until someone creates the
 * first admin, which works exactly once, even when two people try at the same moment.
 */
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MyzelServer } from "../../src/boot/start-myzel";
import { createMyzelClient } from "../../src/client";
import { signIn } from "./helpers";
import { type SideServer, startSideServer } from "./side-server";

let side: SideServer;
let server: MyzelServer;

beforeAll(async () => {
  side = await startSideServer("first_run", 3);
  server = side.server;
});

afterAll(() => side?.stop());

const setup = (body: unknown) =>
  fetch(`${server.url}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("first run", () => {
  it("opens nothing but the setup until the first admin exists", async () => {
    const anonymous = createMyzelClient({ url: server.url });
    expect(await anonymous.setup.status.query({})).toEqual({ needsSetup: true });
    await expect(anonymous.clusters.list.query({})).rejects.toThrow(/sign in/);
  });

  it("checks the first admin's details and says what is wrong", async () => {
    const response = await setup({ name: "Ada", email: "not-an-email", password: "short" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: Array<{ path: string; message: string }> };
    expect(body.issues).toEqual([
      { path: "/email", message: "expected an email address" },
      { path: "/password", message: "at least 10 characters" },
    ]);
  });

  it("creates the first admin once, even when two try at the same moment", async () => {
    const [first, second] = await Promise.all([
      setup({ name: "Ada", email: "Ada@Example.com", password: "first-admin-password" }),
      setup({ name: "Eve", email: "eve@example.com", password: "second-admin-password" }),
    ]);
    expect([first!.status, second!.status].sort()).toEqual([201, 409]);
    const winner =
      first!.status === 201
        ? { email: "ada@example.com", password: "first-admin-password" }
        : { email: "eve@example.com", password: "second-admin-password" };
    const refused = (await (first!.status === 409 ? first! : second!).json()) as { detail: string };
    expect(refused.detail).toContain("already set up");

    const cookie = await signIn(winner.email, winner.password, server.url);
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ type: "user", name: winner.email, role: "ADMIN" });
    expect(await createMyzelClient({ url: server.url }).setup.status.query({})).toEqual({ needsSetup: false });

    const audit = await fetch(`${server.url}/api/audit-log?action=setup.createAdmin`, { headers: { cookie } });
    const entries = ((await audit.json()) as { items: Array<{ actorType: string; outcome: string }> }).items;
    // The refusals (bad input, the loser of the race) were anonymous: anyone could repeat them to fill the log.
    expect(entries.map((e) => `${e.actorType}:${e.outcome}`)).toEqual(["anonymous:ok"]);
  });

  it("refuses setup once done without hashing a password", async () => {
    const cpuOf = async (work: () => Promise<unknown>) => {
      const before = process.cpuUsage();
      await work();
      const used = process.cpuUsage(before);
      return used.user + used.system;
    };
    // What one password hash costs this process on this machine, measured in the same run.
    const oneHash = await cpuOf(() => hashPassword("a-password-to-measure"));
    const refusals = await cpuOf(async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await setup({ name: "Mallory", email: "m@example.com", password: "guess-guess-guess" });
        expect(response.status).toBe(409);
      }
    });
    expect(refusals).toBeLessThan(oneHash);
  });

  it("limits setup attempts per client address, and logs none of the refusals", async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 11 && !refused; attempt++) {
      const response = await setup({ name: "Mallory", email: "m@example.com", password: "guess-guess-guess" });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    // Ten attempts per window (the default), counted from the first: the earlier tests used some.
    expect(statuses.slice(0, -1).every((status) => status === 409)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(((await refused!.json()) as { detail: string }).detail).toMatch(
      /too many setup attempts.*try again in \d+ s/,
    );
    const rows = await side.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'setup.createAdmin'");
    expect(rows).toEqual([{ n: 1 }]);
  });
});
