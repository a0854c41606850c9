/**
 * Every procedure of the router, called over REST and tRPC as an admin with inputs broken on
 * purpose: wrong types, unknown keys, huge strings and lists, deep nesting, odd unicode, null.
 * Each input is built from the procedure's own schema and sent only when that schema refuses
 * it (as the server will see it, path and query string included), so nothing may run: every
 * call gets a 4xx, no table but the audit log (which records refused mutations) changes, and
 * /health answers. Seeded, so a failure repeats.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../../src/api/root";
import { queryInput } from "../../src/http/rest-inputs";
import { asResponse, contractOf } from "../support/openapi-contract";
import { baseUrl, rest, sql } from "./helpers";

const SEED = 20_261_201;
const CASES_PER_PROCEDURE = 6;
const TABLES = [
  "cluster_blueprints",
  "clusters",
  "cluster_agents",
  "tasks",
  "dead_letters",
  "healing_events",
  "users",
  "api_tokens",
];

type Json = { [key: string]: any };
type Procedure = { _def: { type: string; inputs: z.ZodType[]; meta?: { openapi?: { method: string; path: string } } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

/**
 * A plausible value for a JSON schema: the start every broken input is made from. With `all`
 * false, only required properties (for inputs that allow one of several keys, not all).
 */
function example(schema: Json, all = true): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const options = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (options) return example(options[0], all);
  switch (schema.type) {
    case "object":
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([key]) => all || schema.required?.includes(key))
          .map(([key, value]) => [key, example(value as Json, all)]),
      );
    case "array":
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => example(schema.items ?? {}, all));
    case "string":
      if (schema.format === "uuid") return "3f1b6a4e-8c2d-4e5f-9a7b-1c2d3e4f5a6b";
      if (schema.format === "date-time") return "2026-01-01T00:00:00.000Z";
      if (schema.format === "email") return "someone@myzel.test";
      return "a".repeat(Math.max(schema.minLength ?? 1, 1));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    default:
      return null;
  }
}

const nested = (depth: number): unknown => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
const oddStrings = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u0000", "\ud800", "\u202e gnp.exe", "🧪".repeat(50), "0x2", "1e3", "NaN", "-0", " 1 ", "true"),
);
const wrongValues = fc.oneof(
  oddStrings,
  fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 2 ** 53, [], {}, [null], { a: 1 }),
  fc.integer(),
);

/** One way of breaking `base`; which property, and with what, chosen by fast-check. */
function breakings(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant("id");
  const set = (k: string, value: unknown) => ({ ...base, [k]: value });
  return fc.oneof(
    fc.record({ k: oddStrings, v: wrongValues }).map(({ k, v }) => ({ ...base, [`${k}\u200b`]: v })),
    fc.record({ k: key, v: wrongValues }).map(({ k, v }) => set(k, v)),
    fc.record({ k: key, n: fc.integer({ min: 70_000, max: 200_000 }) }).map(({ k, n }) => set(k, "é".repeat(n))),
    fc.record({ k: key, n: fc.integer({ min: 2_000, max: 20_000 }) }).map(({ k, n }) => set(k, Array(n).fill(0))),
    fc.record({ k: key, depth: fc.integer({ min: 20, max: 3_000 }) }).map(({ k, depth }) => set(k, nested(depth))),
    fc.record({ k: key }).map(({ k }) => {
      const { [k]: _, ...rest } = base;
      return { ...rest, [k.toUpperCase() === k ? `${k}_` : k.toUpperCase()]: base[k] };
    }),
    fc.constantFrom<unknown>(null, [], "input", 42, [base]),
  );
}

/** The REST request for `input`, and the input the server will hand the procedure for it. */
function restCall(openapi: { method: string; path: string }, schema: z.ZodType, input: unknown) {
  const object = typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Json) : {};
  const pathInput: Record<string, string> = {};
  const path = openapi.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    pathInput[name] = String(object[name]);
    return encodeURIComponent(pathInput[name]);
  });
  if (openapi.method === "GET" || openapi.method === "DELETE") {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(object)) {
      if (key in pathInput) continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        params.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
      }
    }
    const query = Object.fromEntries(Object.entries(queryInput(schema, params)).map(([key, [value]]) => [key, value]));
    return { url: `${path}?${params}`, init: { method: openapi.method }, sees: { ...query, ...pathInput }, pathInput };
  }
  return {
    url: path,
    init: { method: openapi.method, json: input },
    sees: { ...(input as object), ...pathInput },
    pathInput,
  };
}

const refuses = (schema: z.ZodType, input: unknown) => !schema.safeParse(input).success;

/** Node's HTTP parser refuses a request line and headers above 16 KiB before Myzel sees them. */
const HEADER_LIMIT = 16 * 1024;

/**
 * A call whose URL alone passes the header limit gets 431 and the connection is closed, possibly
 * while the client is still writing: then the client sees a reset instead of the answer, which is
 * the same refusal.
 */
async function refusable(path: string, init?: Parameters<typeof rest>[1]) {
  try {
    return await rest(path, init);
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    const reset = code === "ECONNRESET" || code === "EPIPE";
    if (!reset || path.length <= HEADER_LIMIT) throw error;
    return { status: 431, body: "", headers: new Headers() };
  }
}

async function rowCounts() {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = Number((await sql(`select count(*) as n from ${table}`))[0]!.n);
  return counts;
}

/** The served OpenAPI document, which every REST refusal must keep to (status, content type, body). */
let contract: ReturnType<typeof contractOf>;
beforeAll(async () => {
  contract = contractOf((await rest("/api/openapi.json")).body);
});

describe("every procedure refuses broken input with a 4xx and stores nothing", () => {
  it("enumerates the router", () => {
    expect(procedures.length).toBeGreaterThan(40);
  });

  it.each(procedures)("%s", { timeout: 30_000 }, async (name, procedure) => {
    const [schema] = procedure._def.inputs;
    const openapi = procedure._def.meta?.openapi;
    expect(schema).toBeDefined();
    const json = z.toJSONSchema(schema!, { io: "input", unrepresentable: "any" }) as Json;
    const full = example(json) as Json;
    const base = refuses(schema!, full) ? (example(json, false) as Json) : full;
    const seed = SEED + [...name].reduce((sum, char) => sum + char.charCodeAt(0), 0);
    const candidates = fc.sample(breakings(base), { seed, numRuns: CASES_PER_PROCEDURE * 4 });
    const before = await rowCounts();
    /** Calls that did not get a 4xx, with what was sent, for the failure message. */
    const wrong: string[] = [];
    const check = (via: string, status: number, input: unknown) => {
      if (status < 400 || status >= 500) wrong.push(`${status} ${via} ${JSON.stringify(input)?.slice(0, 200)}`);
    };
    let sent = 0;
    for (const candidate of candidates) {
      if (sent >= CASES_PER_PROCEDURE) break;
      // What goes over the wire (an undefined property is not sent).
      const input: unknown = JSON.parse(JSON.stringify(candidate));
      if (!refuses(schema!, input)) continue;
      sent++;
      const trpc =
        procedure._def.type === "mutation"
          ? await refusable(`/api/trpc/${name}`, { method: "POST", json: input })
          : await refusable(`/api/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`);
      check("tRPC", trpc.status, input);
      if (openapi) {
        const call = restCall(openapi, schema!, input);
        // An empty path parameter would address another route (e.g. /api/clusters/ is the list).
        const otherRoute = Object.values(call.pathInput).includes("");
        if (!otherRoute && refuses(schema!, call.sees)) {
          const answer = await refusable(call.url, call.init);
          check(`REST ${call.url.slice(0, 100)}`, answer.status, input);
          const breach = await contract.breach(openapi.method, openapi.path, asResponse(answer));
          if (breach) wrong.push(breach);
        }
      }
    }
    expect(sent, "broken inputs the schema refuses").toBeGreaterThan(0);
    expect(wrong).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect((await fetch(`${baseUrl()}/health`)).status).toBe(200);
  });
});
