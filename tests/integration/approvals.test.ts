/**
 * What an operator sees of a role that requires approval: its tasks wait, routed to no agent,
 * until a person decides; approved, they run; rejected, they fail with who rejected them and
 * why; left too long, they are rejected or escalated by the leader; a delegating parent waits
 * for its held subtask and hears of the decision.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  tokenFor,
  uniqueName,
  uploadBlueprint,
  watchEvents,
} from "./helpers";

let clusterId: string;
let operator: ReturnType<typeof client>;
let operatorName: string;
let events: Awaited<ReturnType<typeof watchEvents>>;

beforeAll(async () => {
  const id = uniqueName("approvals");
  // lead delegates to its one subordinate, payer; quick and loud report to payer, which never delegates.
  await uploadBlueprint(`metadata: { id: ${id}, name: Approvals, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10 }
agents:
  - role: lead
    name: Lead
    runtime: { type: builtin, behaviour: delegate }
  - role: payer
    name: Payer
    reports_to: lead
    approval: required
  - role: quick
    name: Quick
    reports_to: payer
    approval: { timeout_seconds: 1 }
  - role: loud
    name: Loud
    reports_to: payer
    approval: { required: true, timeout_seconds: 1, on_timeout: escalate }
`);
  const cluster = await activeCluster({ blueprintId: id, targetWorkers: 4 });
  clusterId = cluster.id;
  operatorName = uniqueName("approver");
  operator = client(await tokenFor("OPERATOR", operatorName));
  events = await watchEvents({ clusterId });
}, 60_000);

afterAll(async () => {
  events?.socket.disconnect();
  await deleteCreatedClusters();
});

const approvalEvents = (taskId: string) =>
  events.received.flatMap((e) => (e.type === "approvals" && e.taskIds.includes(taskId) ? [e.change] : []));

const waiting = async () => (await client().approvals.list.query({ clusterId })).items;

describe("a role that requires approval", () => {
  let held: string;
  let rejected: string;

  it("holds its tasks: accepted and listed as waiting, routed to no agent", async () => {
    held = (await client().tasks.submit.mutate({ id: clusterId, role: "payer", payload: { prompt: "pay 10" } })).id;
    rejected = (await client().tasks.submit.mutate({ id: clusterId, role: "payer", payload: "pay 99" })).id;
    const task = await client().tasks.get.query({ id: held });
    expect(task).toMatchObject({ status: "AWAITING_APPROVAL", agentId: null, routedAt: null, startedAt: null });
    expect(task.approval).toMatchObject({
      role: "payer",
      approverRole: "OPERATOR",
      decision: null,
      timeoutSeconds: 86_400,
    });
    const listed = (await waiting()).find((a) => a.task.id === held);
    expect(listed).toMatchObject({
      clusterName: expect.any(String),
      path: [],
      task: { payload: { prompt: "pay 10" } },
    });
    expect((await client().tasks.counts.query({ clusterId })).byStatus.AWAITING_APPROVAL).toBe(2);
    const overview = (await client().system.overview.query({})).find((c) => c.cluster.id === clusterId);
    expect(overview?.tasks.open).toBe(2);
    await expect.poll(() => approvalEvents(held)).toEqual(["requested"]);
  });

  it("lets only operators decide, and a rejection must say why", async () => {
    const viewer = await tokenFor("VIEWER");
    const refused = await rest(`/api/tasks/${held}/approve`, { method: "POST", json: {}, token: viewer });
    expect(refused.status).toBe(403);
    const silent = await rest(`/api/tasks/${rejected}/reject`, { method: "POST", json: { comment: "  " } });
    expect(silent.status).toBe(400);
    const stray = await rest(`/api/tasks/${rejected}/reject`, { method: "POST", json: { comment: "no", reason: "x" } });
    expect(stray.status).toBe(400);
    expect((await client().tasks.get.query({ id: rejected })).status).toBe("AWAITING_APPROVAL");
  });

  it("fails a rejected task with who rejected it and why, audited and live", async () => {
    const task = await operator.approvals.reject.mutate({ id: rejected, comment: "over the limit" });
    expect(task).toMatchObject({
      status: "FAILED",
      error: `rejected by ${operatorName}: over the limit`,
      startedAt: null,
    });
    const detail = await client().tasks.get.query({ id: rejected });
    expect(detail.approval).toMatchObject({ decision: "rejected", decidedBy: operatorName, comment: "over the limit" });
    const again = await rest(`/api/tasks/${rejected}/approve`, { method: "POST", json: {} });
    expect(again.status).toBe(409);
    const audit = await client().audit.list.query({ action: "approvals.reject", target: rejected });
    // The refused calls above are on record too, under the admin who made them.
    expect(audit.items.filter((e) => e.outcome === "ok").map((e) => e.actorName)).toEqual([operatorName]);
    await expect.poll(() => approvalEvents(rejected)).toEqual(["requested", "rejected"]);
  });

  it("rejects a task whose approval does not come in time", async () => {
    const late = (await client().tasks.submit.mutate({ id: clusterId, role: "quick", payload: "soon" })).id;
    const done = await client().tasks.wait.query({ id: late, timeoutMs: 20_000 });
    expect(done).toMatchObject({ status: "FAILED", error: "approval timed out after 1s", startedAt: null });
    expect((await client().tasks.get.query({ id: late })).approval).toMatchObject({
      decision: "timed_out",
      decidedBy: "myzel",
    });
    expect((await waiting()).map((a) => a.task.id)).not.toContain(late);
    const audit = await client().audit.list.query({ action: "approvals.timedOut", target: late });
    expect(audit.items.map((e) => [e.actorType, e.actorName])).toEqual([["system", "myzel"]]);
  });

  it("escalates once and keeps waiting when its role says escalate; a held task can be cancelled", async () => {
    const loud = (await client().tasks.submit.mutate({ id: clusterId, role: "loud", payload: "ask again" })).id;
    await expect.poll(() => approvalEvents(loud), { timeout: 20_000 }).toEqual(["requested", "escalated"]);
    const task = await client().tasks.get.query({ id: loud });
    expect(task.status).toBe("AWAITING_APPROVAL");
    expect(task.approval?.escalatedAt).not.toBeNull();
    expect((await client().tasks.cancel.mutate({ id: loud })).status).toBe("CANCELLED");
    expect((await waiting()).map((a) => a.task.id)).not.toContain(loud);
  });

  it("runs an approved task (the leader's timeout passes above left it alone)", async () => {
    expect(await client().tasks.get.query({ id: held })).toMatchObject({
      status: "AWAITING_APPROVAL",
      startedAt: null,
    });
    await operator.approvals.approve.mutate({ id: held });
    const done = await client().tasks.wait.query({ id: held, timeoutMs: 20_000 });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.startedAt).not.toBeNull();
    const payer = (await client().agents.list.query({ id: clusterId })).find((a) => a.role === "payer");
    expect(done.agentId).toBe(payer?.id);
    expect((await client().tasks.get.query({ id: held })).approval).toMatchObject({
      decision: "approved",
      decidedBy: operatorName,
      comment: null,
    });
    await expect.poll(() => approvalEvents(held)).toEqual(["requested", "approved"]);
  });
});

describe("a delegating parent", () => {
  const heldChildOf = async (parentId: string) => {
    await expect
      .poll(async () => (await waiting()).some((a) => a.task.parentTaskId === parentId), { timeout: 20_000 })
      .toBe(true);
    return (await waiting()).find((a) => a.task.parentTaskId === parentId)!;
  };

  it("waits for its held subtask and succeeds once it is approved", async () => {
    const parent = (await client().tasks.submit.mutate({ id: clusterId, role: "lead", payload: "plan" })).id;
    const child = await heldChildOf(parent);
    expect(child.path.map((step) => [step.taskId, step.role])).toEqual([[parent, "lead"]]);
    expect(["QUEUED", "RUNNING"]).toContain((await client().tasks.get.query({ id: parent })).status);
    await operator.approvals.approve.mutate({ id: child.task.id, comment: "fine" });
    expect((await client().tasks.wait.query({ id: parent, timeoutMs: 20_000 })).status).toBe("SUCCEEDED");
  });

  it("leaves no held subtask behind when it ends before a decision: the subtask is cancelled", async () => {
    const parent = (
      await client().tasks.submit.mutate({
        id: clusterId,
        role: "lead",
        payload: "plan",
        maxAttempts: 1,
        timeoutMs: 1500,
      })
    ).id;
    const child = await heldChildOf(parent);
    expect((await client().tasks.wait.query({ id: parent, timeoutMs: 20_000 })).status).toBe("FAILED");
    const orphan = await client().tasks.wait.query({ id: child.task.id, timeoutMs: 20_000 });
    expect(orphan).toMatchObject({
      status: "CANCELLED",
      error: "its parent task ended (FAILED) before it was approved",
      startedAt: null,
    });
  });

  it("fails when its held subtask is rejected, with the reason", async () => {
    const parent = (
      await client().tasks.submit.mutate({ id: clusterId, role: "lead", payload: "plan", maxAttempts: 1 })
    ).id;
    const child = await heldChildOf(parent);
    await operator.approvals.reject.mutate({ id: child.task.id, comment: "not now" });
    const done = await client().tasks.wait.query({ id: parent, timeoutMs: 20_000 });
    expect(done.status).toBe("FAILED");
    expect(done.error).toContain(`rejected by ${operatorName}: not now`);
  });
});
