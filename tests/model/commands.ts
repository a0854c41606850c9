/**
 * The steps of the lifecycle model as fast-check commands: each acts on the real system,
 * checks the answer against the model's prediction, updates the model, and settles (waits
 * for convergence and checks every invariant). Clusters and tasks are picked by index so
 * that shrinking keeps sequences meaningful.
 */
import fc from "fast-check";
import type { TaskDto } from "../../src/schemas/task-api";
import { describe, FINISHED } from "./api";
import { checkActiveMeansRunning, checkPrediction, InvariantError } from "./checks";
import {
  BLUEPRINTS,
  type ClusterModel,
  type LifecycleModel,
  planBounds,
  predictAddAgent,
  predictCreate,
  predictLifecycle,
  predictScale,
  predictSubmit,
} from "./model";
import { agentProcesses, isLiveAgentProcess } from "./processes";
import type { RealRun } from "./real";

type Cmd = fc.AsyncCommand<LifecycleModel, RealRun>;
const MAX_LIVE_CLUSTERS = 3;
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
const label = (m: LifecycleModel, c: ClusterModel) => `c${m.clusters.indexOf(c)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A command on one of the model's clusters (destroyed ones included: refusals are predicted too). */
abstract class OnCluster implements Cmd {
  protected resolved = "?";
  constructor(readonly index: number) {}
  check(m: Readonly<LifecycleModel>): boolean {
    return m.clusters.length > 0;
  }
  protected cluster(m: LifecycleModel): ClusterModel {
    const c = pick(m.clusters, this.index);
    this.resolved = label(m, c);
    return c;
  }
  abstract run(m: LifecycleModel, r: RealRun): Promise<void>;
  abstract toString(): string;
}

class CreateCluster implements Cmd {
  private resolved = "";
  constructor(
    readonly blueprint: number,
    readonly offset: number,
  ) {}
  check = (m: Readonly<LifecycleModel>) => m.live().length < MAX_LIVE_CLUSTERS;
  async run(m: LifecycleModel, r: RealRun) {
    const bp = BLUEPRINTS[this.blueprint]!;
    const target = planBounds(bp).min + this.offset;
    const name = `model-${process.pid}-${Date.now().toString(36)}-${m.clusters.length}`;
    const reply = await r.api.call<{ id: string }>("POST", "/api/clusters", {
      blueprintId: bp.id,
      name,
      targetWorkers: target,
    });
    const prediction = predictCreate(bp, target);
    checkPrediction(`create ${bp.id} with ${target} workers`, prediction, reply);
    if (prediction.ok) {
      const c: ClusterModel = {
        id: reply.body.id,
        name,
        blueprint: bp,
        status: "ACTIVE",
        planned: target,
        manual: [],
        manualCountByRole: new Map(),
      };
      m.clusters.push(c);
      r.system.modelClusters.add(c.id);
      this.resolved = ` → ${label(m, c)}`;
      await r.afterActivation(c, `create (then GET /wait?status=ACTIVE)`);
    }
    await r.settle();
  }
  toString = () =>
    `create(${BLUEPRINTS[this.blueprint]!.id}, ${planBounds(BLUEPRINTS[this.blueprint]!).min + this.offset})${this.resolved}`;
}

class Scale extends OnCluster {
  constructor(
    index: number,
    readonly offset: number,
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const target = planBounds(c.blueprint).min + this.offset;
    const prediction = predictScale(c, target);
    const reply = await r.api.call("POST", `/api/clusters/${c.id}/scale`, { targetWorkers: target });
    checkPrediction(
      `scale ${this.resolved} (${c.status}, ${c.planned} planned + ${c.manual.length} manual) to ${target}`,
      prediction,
      reply,
    );
    if (prediction.ok) {
      const changed = target !== c.planned;
      c.planned = target;
      if (changed) await r.afterActivation(c, `scale to ${target} (then GET /wait?status=ACTIVE)`);
    }
    await r.settle();
  }
  toString = () => `scale(${this.resolved}, min+${this.offset})`;
}

class Lifecycle extends OnCluster {
  constructor(
    index: number,
    readonly event: "hibernate" | "reactivate" | "destroy",
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const prediction = predictLifecycle(c, this.event);
    const reply =
      this.event === "destroy"
        ? await r.api.call("DELETE", `/api/clusters/${c.id}`)
        : await r.api.call<{ status: string }>("POST", `/api/clusters/${c.id}/${this.event}`);
    checkPrediction(`${this.event} ${this.resolved} (${c.status})`, prediction, reply);
    if (prediction.ok) {
      if (this.event === "hibernate") c.status = "HIBERNATED";
      if (this.event === "destroy") c.status = "DESTROYED";
      if (this.event === "reactivate") {
        c.status = "ACTIVE";
        // The answer itself must not claim ACTIVE before the agents run.
        if ((reply.body as { status?: string }).status === "ACTIVE")
          await checkActiveMeansRunning(r.api, c, "POST /reactivate");
        await r.afterActivation(c, "reactivate (then GET /wait?status=ACTIVE)");
      }
    }
    await r.settle();
    if (prediction.ok && this.event === "destroy") await r.afterDestroy(c);
  }
  toString = () => `${this.event}(${this.resolved})`;
}

class AddAgent extends OnCluster {
  constructor(
    index: number,
    readonly role: number,
  ) {
    super(index);
  }
  private roleName = "?";
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const role = this.role < c.blueprint.roles.length ? c.blueprint.roles[this.role]!.role : "no-such-role";
    this.roleName = role;
    const prediction = predictAddAgent(c, role);
    const reply = await r.api.call("POST", `/api/clusters/${c.id}/agents`, { role });
    checkPrediction(
      `add a ${role} by hand to ${this.resolved} (${c.status}, ${c.planned} planned + ${c.manual.length} manual)`,
      prediction,
      reply,
    );
    if (prediction.ok) {
      const n = (c.manualCountByRole.get(role) ?? 0) + 1;
      c.manualCountByRole.set(role, n);
      c.manual.push(`${role}-manual-${n}`);
    }
    await r.settle();
  }
  toString = () => `addAgent(${this.resolved}, ${this.roleName})`;
}

class Submit extends OnCluster {
  private roleName: string | null = "?";
  constructor(
    index: number,
    readonly target: number,
    readonly count: number,
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const roles = c.blueprint.roles;
    const role = this.target === 0 ? null : this.target <= roles.length ? roles[this.target - 1]!.role : "no-such-role";
    this.roleName = role;
    const prediction = predictSubmit(c, role);
    const spec = (i: number) => ({ ...(role ? { role } : {}), type: "model", payload: { prompt: `step task ${i}` } });
    const reply =
      this.count === 1
        ? await r.api.call<TaskDto>("POST", `/api/clusters/${c.id}/tasks`, spec(0))
        : await r.api.call<{ taskIds: string[] }>("POST", `/api/clusters/${c.id}/tasks/batch`, {
            tasks: Array.from({ length: this.count }, (_, i) => spec(i)),
          });
    checkPrediction(
      `submit ${this.count} task(s) to ${role ?? "any agent"} of ${this.resolved} (${c.status})`,
      prediction,
      reply,
    );
    if (prediction.ok) {
      const ids = this.count === 1 ? [(reply.body as TaskDto).id] : (reply.body as { taskIds: string[] }).taskIds;
      if (ids.length !== this.count)
        throw new InvariantError(
          "predicted-answer",
          `submit ${this.count} tasks: expected ${this.count} ids, observed ${ids.length}`,
        );
      for (const id of ids)
        m.tasks.push({ id, clusterId: c.id, role, cancelled: false, clusterDestroyed: false, acceptedAt: Date.now() });
      r.system.totals.tasksAccepted += ids.length;
      if (c.status === "HIBERNATED") {
        // README: a task to a hibernated cluster wakes it.
        c.status = "ACTIVE";
        await r.afterActivation(c, "submit to a hibernated cluster (then GET /wait?status=ACTIVE)");
      }
    }
    await r.settle();
  }
  toString = () =>
    `submit(${this.resolved}, ${this.roleName ?? "any"}, ${this.count === 1 ? "one" : `batch of ${this.count}`})`;
}

class Cancel implements Cmd {
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
class ObserveSlowTask implements Cmd {
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
    const order = ["PENDING", "QUEUED", "RUNNING", "FINISHED"];
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

class KillAgent implements Cmd {
  private resolved = "?";
  constructor(
    readonly index: number,
    readonly agent: number,
  ) {}
  check = (m: Readonly<LifecycleModel>) => m.clusters.some((c) => c.status === "ACTIVE");
  async run(m: LifecycleModel, r: RealRun) {
    const c = pick(
      m.clusters.filter((x) => x.status === "ACTIVE"),
      this.index,
    );
    const running = (await r.api.agents(c.id)).filter((a) => a.pid && ["IDLE", "BUSY"].includes(a.status));
    if (!running.length)
      throw new InvariantError(
        "convergence",
        `cluster ${label(m, c)} is ACTIVE and settled, expected running agents to kill, observed none`,
      );
    const agent = pick(running, this.agent);
    this.resolved = `${label(m, c)}.${agent.key}`;
    if (!isLiveAgentProcess(agent.pid!))
      throw new InvariantError(
        "figures-match-processes",
        `agent ${agent.key} of ${label(m, c)}: the API says pid ${agent.pid} runs it, observed no live agent process with that pid`,
      );
    r.system.broken.agents.add(agent.id);
    process.kill(agent.pid!, "SIGKILL");
    await r.settle();
  }
  toString = () => `kill -9 agent(${this.resolved})`;
}

class StartRunner implements Cmd {
  private resolved = "?";
  check = (m: Readonly<LifecycleModel>) => m.runners.length === 0;
  async run(m: LifecycleModel, r: RealRun) {
    const runner = await r.startRunner();
    this.resolved = runner.nodeId;
    m.runners.push({ nodeId: runner.nodeId, pid: runner.child.pid! });
    await r.settle();
  }
  toString = () => `startRunner(${this.resolved})`;
}

class KillRunner implements Cmd {
  private resolved = "?";
  check = (m: Readonly<LifecycleModel>) => m.runners.length > 0;
  async run(m: LifecycleModel, r: RealRun) {
    const runner = m.runners.pop()!;
    this.resolved = runner.nodeId;
    // Every cluster's agents there (the soak's load cluster too) will be restarted elsewhere: expected healing.
    for (const c of (await r.api.read<{ items: Array<{ id: string }> }>("/api/clusters?limit=100")).items) {
      for (const a of await r.api.agents(c.id)) if (a.nodeId === runner.nodeId) r.system.broken.agents.add(a.id);
    }
    r.orphanCandidates.push(...agentProcesses(new Set([runner.pid])).map((p) => p.pid));
    r.system.broken.nodes.add(runner.nodeId);
    const child = r.runners.get(runner.nodeId)!.child;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
    r.runners.delete(runner.nodeId);
    await r.settle();
  }
  toString = () => `kill -9 runner(${this.resolved})`;
}

const index = fc.nat({ max: 7 });

/** The cluster every run starts from: a valid size of either blueprint. */
export const firstCluster = fc
  .tuple(fc.integer({ min: 0, max: BLUEPRINTS.length - 1 }), fc.integer({ min: 0, max: 2 }))
  .map(([b, o]) => new CreateCluster(b, o));

/** Every step, weighted toward the lifecycle; faults are rarer and runner starts rarest (they cost seconds). */
export const lifecycleCommands: Array<fc.Arbitrary<Cmd>> = [
  fc
    .tuple(fc.integer({ min: 0, max: BLUEPRINTS.length - 1 }), fc.integer({ min: -1, max: 4 }))
    .map(([b, o]) => new CreateCluster(b, o)),
  fc.tuple(index, fc.integer({ min: -1, max: 5 })).map(([i, o]) => new Scale(i, o)),
  fc.tuple(index, fc.integer({ min: -1, max: 5 })).map(([i, o]) => new Scale(i, o)),
  index.map((i) => new Lifecycle(i, "hibernate")),
  index.map((i) => new Lifecycle(i, "reactivate")),
  index.map((i) => new Lifecycle(i, "destroy")),
  fc.tuple(index, fc.nat({ max: 3 })).map(([i, role]) => new AddAgent(i, role)),
  fc.tuple(index, fc.nat({ max: 4 }), fc.constantFrom(1, 1, 3, 8)).map(([i, t, n]) => new Submit(i, t, n)),
  fc.tuple(index, fc.nat({ max: 4 }), fc.constantFrom(1, 1, 3, 8)).map(([i, t, n]) => new Submit(i, t, n)),
  index.map((i) => new Cancel(i)),
  index.map((i) => new ObserveSlowTask(i)),
  fc.tuple(index, index).map(([i, a]) => new KillAgent(i, a)),
  fc.constant(null).map(() => new StartRunner()),
  fc.constant(null).map(() => new KillRunner()),
];
