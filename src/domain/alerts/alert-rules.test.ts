import { describe, expect, it } from "vitest";
import type { MyzelEventOf } from "../../schemas/events";
import { alertBody, signature } from "./alert-payload";
import { alertOf } from "./alert-rules";

const healing = (overrides: Partial<MyzelEventOf<"healing">>): MyzelEventOf<"healing"> => ({
  type: "healing",
  clusterId: "c1",
  at: "2026-12-02T01:00:00.000Z",
  id: "h1",
  kind: "agent_crashed",
  severity: "warning",
  subject: "agent worker-1",
  detail: "exited with code 1",
  action: "restarted",
  outcome: "ok",
  durationMs: 10,
  ...overrides,
});

describe("alertOf", () => {
  it("alerts on an opened circuit, a lost node, a finished drill and critical entries, once each", () => {
    expect(alertOf(healing({ kind: "circuit_opened" }))).toMatchObject({ topic: "circuit_opened", key: "healing:h1" });
    expect(alertOf(healing({ kind: "node_lost", severity: "critical" }))?.topic).toBe("node_lost");
    expect(alertOf(healing({ kind: "chaos_drill", severity: "info" }))?.topic).toBe("drill_finished");
    expect(alertOf(healing({ kind: "redis_down", severity: "critical" }))?.topic).toBe("critical_healing");
  });

  it("stays quiet on routine entries and on entries still pending", () => {
    expect(alertOf(healing({}))).toBeNull();
    expect(alertOf(healing({ kind: "circuit_opened", outcome: "pending" }))).toBeNull();
  });
});

describe("alertBody and signature", () => {
  const alert = alertOf(healing({ kind: "circuit_opened", severity: "critical" }))!;

  it("writes Slack's incoming-webhook format with text and blocks linking the cluster", () => {
    const body = JSON.parse(alertBody(alert, "slack", "https://myzel.example"));
    expect(body.text).toContain("restart circuit opened");
    expect(JSON.stringify(body.blocks)).toContain("https://myzel.example/clusters/c1");
  });

  it("signs timestamp and body so either changed fails the check", () => {
    const body = alertBody(alert, "json", "https://myzel.example");
    const signed = signature("s3cret", 1000, body);
    expect(signed).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signature("s3cret", 1001, body)).not.toBe(signed);
    expect(signature("other", 1000, body)).not.toBe(signed);
  });
});
