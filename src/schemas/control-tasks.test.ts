import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { controlJobJsonSchema, parseControlTask } from "./control-tasks";

const worker = "11111111-1111-4111-8111-111111111111";

describe("parseControlTask", () => {
  it("takes REST's camelCase names and their snake_case spellings alike", () => {
    const camel = parseControlTask("task", { role: "worker", sessionKey: "s1", timeoutMs: 500, maxAttempts: 2 });
    const snake = parseControlTask("task", { role: "worker", session_key: "s1", timeout_ms: 500, max_attempts: 2 });
    expect(camel).toEqual(snake);
    expect(camel.ok && camel.task.data).toMatchObject({ sessionKey: "s1", timeoutMs: 500, maxAttempts: 2 });
    const spawn = parseControlTask("spawn_agent", { agent_def: { role: "worker", reports_to_id: worker } });
    expect(spawn.ok && spawn.task.data).toEqual({ agentDef: { role: "worker", reportsToId: worker } });
  });

  it("refuses both spellings of one field, an unknown key and a bad value, naming each", () => {
    expect(parseControlTask("scale_cluster", { targetWorkers: 2, target_workers: 3 })).toEqual({
      ok: false,
      reason:
        'malformed scale_cluster payload: targetWorkers: "targetWorkers" and "target_workers" name the same field: give one of them',
    });
    const unknown = parseControlTask("scale_cluster", { targetWorker: 3 });
    expect(!unknown.ok && unknown.reason).toContain('Unrecognized key: "targetWorker"');
    const bad = parseControlTask("scale_cluster", { target_workers: "many" });
    expect(!bad.ok && bad.reason).toMatch(/^malformed scale_cluster payload: targetWorkers: .*number/);
    expect(parseControlTask("launch_rockets", {})).toMatchObject({
      ok: false,
      reason: /unknown task type "launch_rockets"/,
    });
  });

  it("keeps the producer's payload as it was sent", () => {
    const parsed = parseControlTask("task", { payload: { session_key: "theirs" } });
    expect(parsed.ok && parsed.task.data).toMatchObject({ payload: { session_key: "theirs" } });
  });
});

describe("controlJobJsonSchema", () => {
  const validate = new Ajv2020({ strict: false }).compile(controlJobJsonSchema());
  const jobs: [name: string, data: unknown][] = [
    ["task", { role: "worker", sessionKey: "s", payload: { prompt: "hi" } }],
    ["task", { role: "worker", session_key: "s" }],
    ["scale_cluster", { target_workers: 2 }],
    ["scale_cluster", { roles: { worker: 2 } }],
    ["spawn_agent", { agentDef: { role: "worker" } }],
    ["health_check", {}],
    ["task", { role: "worker", sessionKey: "a", session_key: "b" }],
    ["scale_cluster", { targetWorker: 2 }],
    ["scale_cluster", { targetWorkers: "many" }],
    ["spawn_agent", {}],
    ["launch_rockets", {}],
  ];

  it("accepts and refuses what the queue's workers accept and refuse", () => {
    for (const [name, data] of jobs)
      expect({ name, data, valid: validate({ name, data }) }).toEqual({
        name,
        data,
        valid: parseControlTask(name, data).ok,
      });
  });
});
