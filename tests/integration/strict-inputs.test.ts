/**
 * Inputs are checked exactly over REST and tRPC: nothing is converted, unknown keys are
 * refused by name, and parsing (JSON, YAML, batches) is bounded — each refusal a 400 that
 * stores nothing, with the server still answering.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_BATCH_CALLS } from "../../src/schemas/common";
import { baseUrl, rest, sql, tokenFor, userWith } from "./helpers";

/** A raw tRPC call, as any HTTP client can make it (the typed client would not let these inputs through). */
async function trpc(procedure: string, input: unknown, token?: string) {
  return rest(`/api/trpc/${procedure}`, { method: "POST", json: input, ...(token ? { token } : {}) });
}

/** The issues of a refusal, REST's flat shape or tRPC's, as `path: message` lines. */
function issuesOf(body: any): string[] {
  const issues: Array<{ path: string; message: string }> = body.issues ?? body.error?.data?.issues ?? [];
  return issues.map((issue) => `${issue.path}: ${issue.message}`);
}

const count = async (table: string) => Number((await sql<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);

describe("values are checked, never converted", () => {
  it('{"disabled":"false"} is refused naming disabled, and the user stays enabled (REST and tRPC)', async () => {
    const user = await userWith("VIEWER");
    const viaRest = await rest(`/api/users/${user.id}/disabled`, { method: "POST", json: { disabled: "false" } });
    expect(viaRest.status).toBe(400);
    expect(issuesOf(viaRest.body)).toEqual([expect.stringMatching(/^\/disabled: .*expected boolean/)]);
    const viaTrpc = await trpc("users.setDisabled", { userId: user.id, disabled: "false" });
    expect(viaTrpc.status).toBe(400);
    expect(issuesOf(viaTrpc.body)).toEqual([expect.stringMatching(/^\/disabled: .*expected boolean/)]);
    // The newest user is on the first page.
    const users = (await rest("/api/users")).body.items as Array<{ id: string; disabled: boolean }>;
    expect(users.find((listed) => listed.id === user.id)?.disabled).toBe(false);
  });

  it.each([
    ["null", null],
    ['"0x2"', "0x2"],
    ['"2"', "2"],
  ])("minWorkers %s is refused over REST and then over tRPC (a REST call does not loosen tRPC)", async (_, value) => {
    const id = randomUUID();
    const viaRest = await rest(`/api/clusters/${id}`, { method: "PUT", json: { minWorkers: value } });
    expect(viaRest.status).toBe(400);
    expect(issuesOf(viaRest.body)).toEqual([expect.stringMatching(/^\/minWorkers: .*expected number/)]);
    const viaTrpc = await trpc("clusters.update", { id, minWorkers: value });
    expect(viaTrpc.status).toBe(400);
    expect(issuesOf(viaTrpc.body)).toEqual([expect.stringMatching(/^\/minWorkers: .*expected number/)]);
  });

  it("a query string is still read as numbers and booleans where the input asks for them, and only there", async () => {
    const listed = await rest("/api/tasks?limit=2&rootsOnly=true");
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ limit: 2, prevCursor: null });
    const hex = await rest("/api/tasks?limit=0x2");
    expect(hex.status).toBe(400);
    expect(issuesOf(hex.body)).toEqual([expect.stringMatching(/^\/limit: .*expected number/)]);
    // And over tRPC, after those REST calls, the same input as a string is still refused.
    const viaTrpc = await rest(`/api/trpc/tasks.list?input=${encodeURIComponent(JSON.stringify({ limit: "2" }))}`);
    expect(viaTrpc.status).toBe(400);
  });
});

describe("unknown keys are refused by name", () => {
  it('POST /api/heal {"dryrun":true} is refused naming dryrun, and nothing is healed', async () => {
    const heals = await count("healing_events");
    const viaRest = await rest("/api/heal", { method: "POST", json: { dryrun: true } });
    expect(viaRest.status).toBe(400);
    expect(issuesOf(viaRest.body).join()).toContain('"dryrun"');
    const viaTrpc = await trpc("healing.heal", { dryrun: true });
    expect(viaTrpc.status).toBe(400);
    expect(issuesOf(viaTrpc.body).join()).toContain('"dryrun"');
    expect(await count("healing_events")).toBe(heals);
  });

  it("a query parameter nobody declared is refused by name", async () => {
    const response = await rest("/api/clusters?statuss=ACTIVE");
    expect(response.status).toBe(400);
    expect(issuesOf(response.body).join()).toContain('"statuss"');
  });
});

describe("parsing is bounded", () => {
  const keys = (n: number) =>
    `metadata:\n${Array.from({ length: n }, (_, i) => `  k${i.toString(36)}: 1`).join("\n")}\n`;

  it("24,000 YAML keys from a viewer are refused with a line, and /health answers", async () => {
    const viewer = await tokenFor("VIEWER");
    const viaRest = await rest("/api/blueprints/validate", {
      method: "POST",
      body: keys(24_000),
      headers: { "content-type": "application/yaml" },
      token: viewer,
    });
    expect(viaRest.status).toBe(200);
    expect(viaRest.body).toMatchObject({ valid: false, issues: [{ line: 2001, message: /more than 4000 values/ }] });
    const viaTrpc = await trpc("blueprints.validate", { yaml: keys(24_000) }, viewer);
    expect(viaTrpc.body.result.data).toMatchObject({ valid: false, issues: [{ line: 2001 }] });
    expect((await fetch(`${baseUrl()}/health`)).status).toBe(200);
  });

  it("JSON nested 4,000 deep is refused with a 400 over REST and tRPC, before it is parsed", async () => {
    const deep = `{"dryRun":${"[".repeat(4000)}${"]".repeat(4000)}}`;
    const headers = { "content-type": "application/json" };
    const viaRest = await rest("/api/heal", { method: "POST", body: deep, headers });
    expect(viaRest).toMatchObject({ status: 400, body: { detail: /nests deeper than 64 levels/ } });
    const viaTrpc = await rest("/api/trpc/healing.heal", { method: "POST", body: deep, headers });
    expect(viaTrpc.status).toBe(400);
    expect(viaTrpc.body.error.message).toMatch(/nests deeper than 64 levels/);
    // In a query string (which Node caps at 16 KiB), 100 deep is enough to be refused.
    const deepQuery = `{"limit":${"[".repeat(100)}${"]".repeat(100)}}`;
    const viaQuery = await rest(`/api/trpc/tasks.list?input=${encodeURIComponent(deepQuery)}`);
    expect(viaQuery.status).toBe(400);
    expect(viaQuery.body.error.message).toMatch(/nests deeper than 64 levels/);
    expect((await fetch(`${baseUrl()}/health`)).status).toBe(200);
  });

  it(`a tRPC batch of more than ${MAX_BATCH_CALLS} calls is refused whole, and writes no audit rows`, async () => {
    const audit = await count("audit_log");
    const calls = Array.from({ length: MAX_BATCH_CALLS + 1 }, () => "setup.createAdmin");
    const input = Object.fromEntries(
      calls.map((_, i) => [i, { name: "x", email: `x${i}@myzel.test`, password: "0123456789ab" }]),
    );
    const response = await rest(`/api/trpc/${calls.join(",")}?batch=1`, { method: "POST", json: input, token: null });
    expect(response.status).toBe(400);
    expect(await count("audit_log")).toBe(audit);
    const allowed = Array.from({ length: MAX_BATCH_CALLS }, () => "healing.kinds");
    const inputs = encodeURIComponent(JSON.stringify(Object.fromEntries(allowed.map((_, i) => [i, {}]))));
    expect((await rest(`/api/trpc/${allowed.join(",")}?batch=1&input=${inputs}`)).status).toBe(200);
  });
});
