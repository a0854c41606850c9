import { describe, expect, it } from "vitest";
import type { TraceAttempt, TraceTask } from "../../lib/api-types";
import { axisTicks, waterfall } from "./waterfall-model";

const t0 = Date.UTC(2026, 0, 1);
const iso = (ms: number | null) => (ms === null ? null : new Date(t0 + ms).toISOString());
const task = (id: string, parent: string | null, created: number, finished: number | null): TraceTask => ({
  id,
  parentTaskId: parent,
  depth: parent ? 1 : 0,
  type: "task",
  label: id,
  status: finished === null ? "RUNNING" : "SUCCEEDED",
  agentId: null,
  attempts: 1,
  maxAttempts: 3,
  error: null,
  createdAt: iso(created)!,
  startedAt: null,
  finishedAt: iso(finished),
});
const attempt = (taskId: string, n: number, from: number, to: number | null): TraceAttempt => ({
  taskId,
  attempt: n,
  agentId: "a",
  outcome: to === null ? "running" : "succeeded",
  error: null,
  startedAt: iso(from),
  finishedAt: iso(to),
});

describe("waterfall", () => {
  it("orders children under their parent and places waits and attempts on one axis", () => {
    const result = waterfall(
      {
        tasks: [task("root", null, 0, 1000), task("b", "root", 300, 900), task("a", "root", 100, 500)],
        attempts: [
          attempt("root", 1, 50, 1000),
          attempt("a", 1, 200, 500),
          attempt("b", 1, 400, 600),
          attempt("b", 2, 700, 900),
        ],
      },
      t0 + 5000,
    );
    expect(result.spanMs).toBe(1000);
    expect(result.rows.map((row) => [row.task.id, row.level])).toEqual([
      ["root", 0],
      ["a", 1],
      ["b", 1],
    ]);
    const b = result.rows[2]!;
    expect(b.wait).toEqual({ from: 0.3, to: 0.4 });
    expect(b.attempts.map(({ from, to }) => [from, to])).toEqual([
      [0.4, 0.6],
      [0.7, 0.9],
    ]);
  });

  it("runs the axis to now while work goes on, an open attempt to its end", () => {
    const result = waterfall(
      { tasks: [task("root", null, 0, null)], attempts: [attempt("root", 1, 100, null)] },
      t0 + 400,
    );
    expect(result.spanMs).toBe(400);
    expect(result.rows[0]?.attempts[0]).toMatchObject({ from: 0.25, to: 1 });
  });

  it("draws a task whose parent is not listed at the top level", () => {
    const result = waterfall({ tasks: [task("orphan", "gone", 0, 10)], attempts: [] }, t0 + 10);
    expect(result.rows[0]?.level).toBe(0);
  });
});

describe("axisTicks", () => {
  it("spaces marks evenly from 0 to the span", () => {
    expect(axisTicks(1000)).toEqual([0, 250, 500, 750, 1000]);
  });
});
