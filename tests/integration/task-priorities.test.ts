/**
 * Task priorities: a busy agent takes the most urgent waiting task next, a waking cluster's
 * backlog goes out most urgent first, subtasks inherit their parent's priority, and a priority
 * that is not a whole number from 1 to 10 is refused naming the field.
 */
import { afterEach, describe, expect, it } from "vitest";
import { activeCluster, client, deleteCreatedClusters, rest, uniqueName, uploadBlueprint } from "./helpers";
import { pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const SLOW = "{ type: builtin, behaviour: sleep, sleep_ms: 400 }";

async function startOrder(taskIds: string[]): Promise<string[]> {
  const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 30_000 })));
  expect(done.map((t) => t.status)).toEqual(taskIds.map(() => "SUCCEEDED"));
  return [...done].sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!)).map((t) => t.id);
}

describe("task priorities", () => {
  it("a busy single agent runs a later urgent task before its backlog of low-priority work", async () => {
    const cluster = await pool({ workers: 1, runtime: SLOW });
    const { taskIds: backlog } = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 5 }, (_, i) => ({ role: "worker", payload: `low ${i}`, priority: 1 })),
    });
    const urgent = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "now", priority: 10 });
    expect(urgent.priority).toBe(10);

    const order = await startOrder([...backlog, urgent.id]);
    // At most the backlog's first task was taken before the urgent one arrived; every other waited for it.
    expect(order.indexOf(urgent.id)).toBeLessThanOrEqual(1);
    expect((await client().tasks.get.query({ id: backlog[0]! })).priority).toBe(1);
  });

  it("a waking cluster's waiting tasks go out most urgent first, then oldest first", async () => {
    const cluster = await pool({ workers: 1, runtime: SLOW });
    await client().clusters.hibernate.mutate({ id: cluster.id });
    await client().clusters.wait.query({ id: cluster.id, status: "HIBERNATED", timeoutMs: 20_000 });
    // Recorded PENDING while the cluster wakes; the reconciler routes them once its agent is up.
    const { taskIds } = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: [
        { role: "worker", payload: "low", priority: 2 },
        { role: "worker", payload: "default a" },
        { role: "worker", payload: "default b" },
        { role: "worker", payload: "urgent", priority: 9 },
      ],
    });
    const [low, defaultA, defaultB, urgent] = taskIds as [string, string, string, string];
    expect(await startOrder(taskIds)).toEqual([urgent, defaultA, defaultB, low]);
  });

  it("is 5 unless given, and a subtask takes its parent's", async () => {
    const id = uniqueName("delegating");
    await uploadBlueprint(`metadata: { id: ${id}, name: Delegating, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 5 }
agents:
  - role: supervisor
    name: Boss
    runtime: { type: builtin, behaviour: delegate }
  - role: worker
    name: Worker
    count: 2
    reports_to: supervisor
`);
    const cluster = await activeCluster({ blueprintId: id });
    const plain = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "x", waitMs: 10_000 });
    expect(plain.priority).toBe(5);
    const parent = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "supervisor",
      payload: "split it",
      priority: 8,
      waitMs: 15_000,
    });
    expect(parent.status).toBe("SUCCEEDED");
    const family = await client().tasks.list.query({ rootTaskId: parent.id });
    const subtasks = family.items.filter((t) => t.parentTaskId === parent.id);
    expect(subtasks.length).toBeGreaterThan(0);
    expect(subtasks.map((t) => t.priority)).toEqual(subtasks.map(() => 8));
  });

  it.each([
    ["0", 0, /too small/i],
    ["11", 11, /too big/i],
    ["2.5", 2.5, /expected int/i],
    ['"high"', "high", /expected number/i],
  ])("refuses priority %s with a 400 naming it, over REST and tRPC", async (_, priority, message) => {
    const id = "00000000-0000-4000-8000-000000000000";
    const viaRest = await rest(`/api/clusters/${id}/tasks`, { method: "POST", json: { role: "worker", priority } });
    expect(viaRest.status).toBe(400);
    expect(viaRest.body.issues).toEqual([
      expect.objectContaining({ path: "/priority", message: expect.stringMatching(message) }),
    ]);
    const many = await rest(`/api/clusters/${id}/tasks/batch`, { method: "POST", json: { tasks: [{ priority }] } });
    expect(many.status).toBe(400);
    expect(many.body.issues).toEqual([expect.objectContaining({ path: "/tasks/0/priority" })]);
  });
});
