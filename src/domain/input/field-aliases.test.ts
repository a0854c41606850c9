import { describe, expect, it } from "vitest";
import { canonicalFieldNames, type FieldShape, snakeCaseOf, withAliasProperties } from "./field-aliases";

const shape: FieldShape = {
  clusterId: null,
  sessionKey: null,
  payload: null,
  agentDef: { role: null, reportsToId: null },
};

describe("snakeCaseOf", () => {
  it("spells camelCase names in snake_case and leaves one-word names alone", () => {
    expect(snakeCaseOf("sessionKey")).toBe("session_key");
    expect(snakeCaseOf("reportsToId")).toBe("reports_to_id");
    expect(snakeCaseOf("role")).toBe("role");
  });
});

describe("canonicalFieldNames", () => {
  it("keeps camelCase payloads as they are", () => {
    const value = { clusterId: "c", sessionKey: "s", payload: { x: 1 } };
    expect(canonicalFieldNames(value, shape)).toEqual({ ok: true, value });
  });

  it("renames snake_case aliases, nested ones included", () => {
    expect(canonicalFieldNames({ cluster_id: "c", agent_def: { role: "worker", reports_to_id: "m" } }, shape)).toEqual({
      ok: true,
      value: { clusterId: "c", agentDef: { role: "worker", reportsToId: "m" } },
    });
  });

  it("never renames inside the producer's own payload", () => {
    const payload = { session_key: "mine", nested: { cluster_id: "also mine" } };
    expect(canonicalFieldNames({ payload }, shape)).toEqual({ ok: true, value: { payload } });
  });

  it("keeps unknown keys under their own name, for the contract to refuse by name", () => {
    expect(canonicalFieldNames({ target_worker: 3, sessionkey: "s" }, shape)).toEqual({
      ok: true,
      value: { target_worker: 3, sessionkey: "s" },
    });
  });

  it("refuses both spellings of one field, naming both and where", () => {
    expect(canonicalFieldNames({ sessionKey: "a", session_key: "b" }, shape)).toEqual({
      ok: false,
      issues: [
        { path: ["sessionKey"], message: '"sessionKey" and "session_key" name the same field: give one of them' },
      ],
    });
    const nested = canonicalFieldNames({ agentDef: { role: "w", reportsToId: "a", reports_to_id: "b" } }, shape);
    expect(nested.ok === false && nested.issues.map((i) => i.path)).toEqual([["agentDef", "reportsToId"]]);
  });

  it("passes values that are not objects through for the contract to refuse", () => {
    expect(canonicalFieldNames("text", shape)).toEqual({ ok: true, value: "text" });
    expect(canonicalFieldNames({ agentDef: [1] }, shape)).toEqual({ ok: true, value: { agentDef: [1] } });
  });
});

describe("withAliasProperties", () => {
  it("adds each snake_case spelling, required by either and never both, nested objects included", () => {
    const schema = {
      type: "object",
      properties: {
        role: { type: "string" },
        sessionKey: { type: "string", description: "sticky" },
        agentDef: { type: "object", properties: { reportsToId: { type: "string" } }, additionalProperties: false },
      },
      required: ["role", "sessionKey"],
      additionalProperties: false,
    };
    const out = withAliasProperties(schema, shape);
    expect(Object.keys(out.properties as object)).toEqual([
      "role",
      "sessionKey",
      "session_key",
      "agentDef",
      "agent_def",
    ]);
    expect((out.properties as Record<string, object>).session_key).toEqual({
      type: "string",
      description: "the same as sessionKey (an older spelling)",
      deprecated: true,
    });
    expect(out.required).toEqual(["role"]);
    expect(out.allOf).toContainEqual({ not: { required: ["sessionKey", "session_key"] } });
    expect(out.allOf).toContainEqual({ anyOf: [{ required: ["sessionKey"] }, { required: ["session_key"] }] });
    const agentDef = (out.properties as Record<string, { properties: object }>).agent_def;
    expect(Object.keys(agentDef?.properties ?? {})).toEqual(["reportsToId", "reports_to_id"]);
    expect(out.additionalProperties).toBe(false);
  });
});
