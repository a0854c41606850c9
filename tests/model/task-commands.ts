import { randomUUID } from "node:crypto";
import type { TaskDto } from "../../src/schemas/task-api";
import { describe, FINISHED } from "./api";
import { checkPrediction, InvariantError } from "./checks";
import { type Cmd, label, OnCluster, pick, sleep } from "./command-base";
import { type ClusterModel, type LifecycleModel, predictSubmit } from "./model";
import type { RealRun } from "./real";

/** Tasks the system accepted: from now on each must end (checkTasksEnd); a hibernated cluster wakes. */
export async function recordAccepted(
  m: LifecycleModel,
  r: RealRun,
  c: ClusterModel,
  role: string | null,
  ids: readonly string[],
) {
  for (const id of ids)
    m.tasks.push({ id, clusterId: c.id, role, cancelled: false, clusterDestroyed: false, acceptedAt: Date.now() });
  r.system.totals.tasksAccepted += ids.length;
  if (c.status === "HIBERNATED") {
    // README: a task to a hibernated cluster wakes it.
    c.status = "ACTIVE";
    await r.afterActivation(c, "submit to a hibernated cluster (then GET /wait?status=ACTIVE)");
  }
}

/** A submit to one of the model's clusters: `target` 0 is any agent, then the blueprint's roles, past them a role that does not exist. */
export abstract class SubmitBase extends OnCluster {
  protected roleName: string | null = "?";
  constructor(
    index: number,
    readonly target: number,
  ) {
    super(index);
  }
  protected aim(m: LifecycleModel) {
    const c = this.cluster(m);
    const roles = c.blueprint.roles;
    const role = this.target === 0 ? null : this.target <= roles.length ? roles[this.target - 1]!.role : "no-such-role";
    this.roleName = role;
    return { c, role, prediction: predictSubmit(c, role) };
  }
}

/**
 * A submit with an Idempotency-Key; with `retry`, sent twice, as a client does whose connection
 * dropped: the second answer must be the first (same status, same task ids) and add no task.
 */
export class Submit extends SubmitBase {
  constructor(
    index: number,
    target: number,
    readonly count: number,
    readonly retry = false,
  ) {
    super(index, target);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const { c, role, prediction } = this.aim(m);
    const spec = (i: number) => ({ ...(role ? { role } : {}), type: "model", payload: { prompt: `step task ${i}` } });
    const key = { "idempotency-key": randomUUID() };
    const send = () =>
      this.count === 1
        ? r.api.call<TaskDto>("POST", `/api/clusters/${c.id}/tasks`, spec(0), key)
        : r.api.call<{ taskIds: string[] }>(
            "POST",
            `/api/clusters/${c.id}/tasks/batch`,
            { tasks: Array.from({ length: this.count }, (_, i) => spec(i)) },
            key,
          );
    const reply = await send();
    const what = `submit ${this.count} task(s) to ${role ?? "any agent"} of ${this.resolved} (${c.status})`;
    checkPrediction(what, prediction, reply);
    const idsOf = (body: unknown) =>
      this.count === 1 ? [(body as TaskDto).id] : (body as { taskIds: string[] }).taskIds;
    if (this.retry) {
      // A refusal is not kept (the key is free again) and the state did not change: refused again.
      const replay = await send();
      checkPrediction(`${what}, retried with its Idempotency-Key`, prediction, replay);
      if (prediction.ok && JSON.stringify(idsOf(replay.body)) !== JSON.stringify(idsOf(reply.body)))
        throw new InvariantError(
          "idempotent-submit",
          `${what}, retried with its Idempotency-Key: expected the first answer's tasks ${idsOf(reply.body).join(",")}, observed ${idsOf(replay.body).join(",")}`,
        );
    }
    if (prediction.ok) {
      const ids = idsOf(reply.body);
      if (ids.length !== this.count)
        throw new InvariantError(
          "predicted-answer",
          `submit ${this.count} tasks: expected ${this.count} ids, observed ${ids.length}`,
        );
      await recordAccepted(m, r, c, role, ids);
    }
    await r.settle();
  }
  toString = () =>
    `submit(${this.resolved}, ${this.roleName ?? "any"}, ${this.count === 1 ? "one" : `batch of ${this.count}`}${this.retry ? ", retried" : ""})`;
}

export class Cancel implements Cmd {
  private resolved = "?";
  constructor(readonly index: number) {}
  check = (m: Readonly<LifecycleModel>) => m.tasks.length > 0;
  async run(m: LifecycleModel, r: RealRun) {
    // Newest first: those are the likeliest to be still open.
    const record = m.tasks[m.tasks.length - 1 - (this.index % m.tasks.length)]!;
    this.resolved = `task ${m.tasks.indexOf(record)}`;
    const reply = await r.api.call<TaskDto>("POST", `/api/tasks/${record.id}/cancel`);
    checkPrediction(
      `cancel ${this.resolved}`,
      { ok: false, statuses: [200, 409], why: "open tasks are cancelled, finished ones refused" },
      reply,
    );
    if (reply.status === 200) {
      if (reply.body.status !== "CANCELLED")
        throw new InvariantError(
          "tasks-end",
          `cancel ${this.resolved} answered 200, expected status CANCELLED, observed ${reply.body.status}`,
        );
      record.cancelled = true;
    } else {
      const task = await r.api.task(record.id);
      if (!FINISHED.includes(task.status))
        throw new InvariantError(
          "predicted-answer",
          `cancel ${this.resolved} answered 409 (${describe(reply.body)}), expected that only for a finished task, observed ${task.status}`,
        );
    }
    await r.settle();
  }
  toString = () => `cancel(${this.resolved})`;
}

/** A slow task watched while it runs: its states move forward only, and it is seen RUNNING on a BUSY agent. */
export class ObserveSlowTask implements Cmd {
  private resolved = "?";
  constructor(readonly index: number) {}
  check = (m: Readonly<LifecycleModel>) => m.live().some((c) => c.blueprint.slowRole);
  async run(m: LifecycleModel, r: RealRun) {
    const c = pick(
      m.live().filter((x) => x.blueprint.slowRole),
      this.index,
    );
    this.resolved = label(m, c);
    const slow = c.blueprint.slowRole!;
    const reply = await r.api.call<TaskDto>("POST", `/api/clusters/${c.id}/tasks`, {
      role: slow.role,
      type: "model-watched",
      payload: { prompt: "watched" },
    });
    checkPrediction(`submit a watched task to ${slow.role} of ${this.resolved}`, { ok: true }, reply);
    const record = {
      id: reply.body.id,
      clusterId: c.id,
      role: slow.role,
      cancelled: false,
      clusterDestroyed: false,
      acceptedAt: Date.now(),
    };
    m.tasks.push(record);
    r.system.totals.tasksAccepted++;
    if (c.status === "HIBERNATED") c.status = "ACTIVE";
    const order = ["AWAITING_APPROVAL", "PENDING", "QUEUED", "RUNNING", "FINISHED"];
    const rank = (s: string) => order.indexOf(FINISHED.includes(s) ? "FINISHED" : s);
    const seen: string[] = [];
    let busySeen = false;
    const deadline = Date.now() + 45_000;
    let task = reply.body;
    while (Date.now() < deadline) {
      task = await r.api.task(record.id);
      if (seen.at(-1) !== task.status) seen.push(task.status);
      if (task.status !== "PENDING" && task.agentId && !busySeen) {
        const agent = (await r.api.agents(c.id)).find((a) => a.id === task.agentId);
        if (agent?.status === "BUSY") busySeen = true;
      }
      if (FINISHED.includes(task.status)) break;
      await sleep(100);
    }
    for (let i = 1; i < seen.length; i++) {
      if (rank(seen[i]!) < rank(seen[i - 1]!))
        throw new InvariantError(
          "task-states",
          `watched task ${record.id}: expected states to move forward only, observed ${seen.join(" → ")}`,
        );
    }
    if (!FINISHED.includes(task.status))
      throw new InvariantError(
        "tasks-end",
        `watched task ${record.id} (a ${slow.sleepMs} ms task): expected it finished within 45 s, observed ${seen.join(" → ")}`,
      );
    if (task.status === "SUCCEEDED" && !seen.includes("RUNNING")) {
      throw new InvariantError(
        "task-states",
        `watched task ${record.id} ran ${slow.sleepMs} ms, polled every 100 ms: expected to see RUNNING, observed ${seen.join(" → ")}`,
      );
    }
    if (task.status === "SUCCEEDED" && !busySeen) {
      throw new InvariantError(
        "task-states",
        `watched task ${record.id} ran ${slow.sleepMs} ms on agent ${task.agentId}: expected that agent BUSY at least once meanwhile, observed never BUSY`,
      );
    }
    await r.settle();
  }
  toString = () => `observeSlowTask(${this.resolved})`;
}
