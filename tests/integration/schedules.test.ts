/**
 * Schedules: created, changed and deleted over REST with clear refusals; the leader fires an
 * every-second schedule and each run links to a task that succeeded; runs missed while no
 * server led follow the schedule's policy.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runsDue } from "../../src/domain/schedules/cron-schedule";
import { client, deleteCreatedClusters, rest, sql } from "./helpers";
import { pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const echo = { role: "worker", payload: { prompt: "tick" }, priority: 7 };

describe("schedules", () => {
  it("are created, read, changed and deleted over REST, and a wrong cron or timezone is a 400 saying what is wrong", async () => {
    const cluster = await pool({ workers: 1 });
    const path = `/api/clusters/${cluster.id}/schedules`;

    const badCron = await rest(path, { method: "POST", json: { name: "x", cron: "61 * * * *", task: echo } });
    expect(badCron.status).toBe(400);
    expect(badCron.body.issues).toEqual([{ path: "/cron", message: expect.stringMatching(/minute: 61/) }]);
    const fourFields = await rest(path, { method: "POST", json: { name: "x", cron: "* * * *", task: echo } });
    expect(fourFields.body.issues).toEqual([{ path: "/cron", message: expect.stringMatching(/5 fields .* has 4/) }]);
    const badZone = await rest(path, {
      method: "POST",
      json: { name: "x", cron: "0 9 * * *", timezone: "Mars/Olympus", task: echo },
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.issues).toEqual([
      { path: "/timezone", message: expect.stringMatching(/not an IANA timezone/) },
    ]);
    const badPolicy = await rest(path, {
      method: "POST",
      json: { name: "x", cron: "0 9 * * *", task: echo, missedRuns: "always" },
    });
    expect(badPolicy.body.issues).toEqual([expect.objectContaining({ path: "/missedRuns" })]);
    const badPriority = await rest(path, {
      method: "POST",
      json: { name: "x", cron: "0 9 * * *", task: { ...echo, priority: 11 } },
    });
    expect(badPriority.body.issues).toEqual([expect.objectContaining({ path: "/task/priority" })]);
    const unknownRole = await rest(path, {
      method: "POST",
      json: { name: "x", cron: "0 9 * * *", task: { ...echo, role: "astronaut" } },
    });
    expect(unknownRole.status).toBe(422);
    expect(unknownRole.body.issues).toEqual([{ path: "/task/role", message: "unknown role" }]);
    expect((await client().schedules.list.query({ id: cluster.id })).items).toEqual([]);

    const created = await rest(path, {
      method: "POST",
      json: { name: "weekday report", cron: "0 9 * * 1-5", timezone: "Europe/Berlin", task: echo },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${path}/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: "weekday report",
      timezone: "Europe/Berlin",
      enabled: true,
      missedRuns: "run_once",
      task: { role: "worker", priority: 7 },
      recentRuns: [],
    });
    // 09:00 in Berlin is 07:00 or 08:00 UTC, on a weekday.
    const next = new Date(created.body.nextRunAt);
    expect([7, 8]).toContain(next.getUTCHours());
    expect([1, 2, 3, 4, 5]).toContain(next.getUTCDay());

    const again = await rest(path, { method: "POST", json: { name: "weekday report", cron: "* * * * *", task: echo } });
    expect(again.status).toBe(409);

    const disabled = await rest(`${path}/${created.body.id}`, { method: "PUT", json: { enabled: false } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, nextRunAt: null, cron: "0 9 * * 1-5" });
    expect((await rest(`${path}/${created.body.id}`)).body.enabled).toBe(false);

    expect((await rest(`${path}/${created.body.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await rest(`${path}/${created.body.id}`)).status).toBe(404);
    // Each change is in the audit log, against the cluster.
    const audit = await client().audit.list.query({ target: cluster.id, limit: 50 });
    expect(audit.items.map((entry) => entry.action).filter((action) => action.startsWith("schedules."))).toEqual(
      expect.arrayContaining(["schedules.create", "schedules.update", "schedules.delete"]),
    );
  });

  it("fires an every-second schedule on the leader, waking its hibernated cluster, each run linked to a task that succeeded", async () => {
    const cluster = await pool({ workers: 1 });
    // A run is submitted as any task is: a hibernated cluster wakes for it.
    await client().clusters.hibernate.mutate({ id: cluster.id });
    await client().clusters.wait.query({ id: cluster.id, status: "HIBERNATED", timeoutMs: 20_000 });
    const schedule = await client().schedules.create.mutate({
      id: cluster.id,
      name: "every second",
      cron: "* * * * * *",
      task: echo,
    });
    await expect
      .poll(
        async () =>
          (await client().schedules.get.query({ id: cluster.id, scheduleId: schedule.id })).recentRuns.filter(
            (r) => r.taskStatus === "SUCCEEDED",
          ).length,
        { timeout: 30_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(2);
    await client().schedules.update.mutate({ id: cluster.id, scheduleId: schedule.id, enabled: false });

    const runs = await client().schedules.runs.query({ id: cluster.id, scheduleId: schedule.id });
    const submitted = runs.items.filter((r) => r.outcome === "submitted");
    expect(submitted.length).toBeGreaterThanOrEqual(2);
    // One run per planned second, never two.
    expect(new Set(runs.items.map((r) => r.plannedAt)).size).toBe(runs.items.length);
    const task = await client().tasks.get.query({ id: submitted[0]!.taskId! });
    expect(task).toMatchObject({ source: "schedule", priority: 7, payload: { prompt: "tick" } });
    expect((await client().clusters.get.query({ id: cluster.id })).status).not.toBe("HIBERNATED");
  });

  it("deals with runs missed while no server led as each schedule's policy says", async () => {
    const cluster = await pool({ workers: 1 });
    const cron = "17 3 * * *";
    const ids: Record<string, string> = {};
    for (const policy of ["skip", "run_once", "run_all"] as const)
      ids[policy] = (
        await client().schedules.create.mutate({ id: cluster.id, name: policy, cron, missedRuns: policy, task: echo })
      ).id;
    // As if no server had led for four days: the planned times since then were missed.
    const since = new Date(Date.now() - 4 * 86_400_000);
    const missed = runsDue({ cron, timezone: "UTC", lastPlannedAt: since, now: new Date(), policy: "run_all" }).run;
    // An equal expression in other words is a new timing to the leader, which catches up at once.
    await sql("UPDATE schedules SET last_planned_at = $1, cron = '17 3 */1 * *' WHERE cluster_id = $2", [
      since,
      cluster.id,
    ]);

    const outcomes = async (scheduleId: string) =>
      (await client().schedules.runs.query({ id: cluster.id, scheduleId })).items.map((r) => r.outcome).sort();
    await expect.poll(() => outcomes(ids.run_all!), { timeout: 15_000 }).toEqual(missed.map(() => "submitted"));
    await expect.poll(() => outcomes(ids.run_once!), { timeout: 5_000 }).toEqual(["skipped", "submitted"]);
    await expect.poll(() => outcomes(ids.skip!), { timeout: 5_000 }).toEqual(["skipped"]);
    const [skipped] = (await client().schedules.runs.query({ id: cluster.id, scheduleId: ids.skip! })).items;
    expect(skipped?.reason).toMatch(new RegExp(`^${missed.length} runs missed .* policy skip`));
    expect(skipped?.taskId).toBeNull();
  });
});
