/**
 * The steps of the lifecycle model as fast-check commands: each acts on the real system,
 * checks the answer against the model's prediction, updates the model, and settles (waits
 * for convergence and checks every invariant). Clusters and tasks are picked by index so
 * that shrinking keeps sequences meaningful.
 */
import fc from "fast-check";
import { ArchiveBlueprint, DeleteBlueprint } from "./blueprint-commands";
import { BudgetStep } from "./budget-commands";
import { checkActiveMeansRunning, checkPrediction, InvariantError } from "./checks";
import { type Cmd, label, MAX_LIVE_CLUSTERS, OnCluster } from "./command-base";
import { KillAgent, KillRunner, StartRunner } from "./fault-commands";
import { ReadManifest } from "./manifest-commands";
import { MEMORY_KEYS, MemoryCasRace, MemoryDelete, MemoryDocument, MemoryPut } from "./memory-commands";
import {
  BLUEPRINTS,
  type ClusterModel,
  emptyMemory,
  type LifecycleModel,
  planBounds,
  predictAddAgent,
  predictCreate,
  predictLifecycle,
  predictScale,
} from "./model";
import { DrainRunner } from "./node-commands";
import { PageTasks, StaleIfMatch } from "./paging-commands";
import { QueueSubmit } from "./queue-commands";
import type { RealRun } from "./real";
import { SessionStep } from "./session-commands";
import { Cancel, ObserveSlowTask, Submit } from "./task-commands";

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
    const prediction = predictCreate(bp, target, m.archived.has(bp.id));
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
        memory: emptyMemory(),
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
    const again = this.event === "destroy" && c.status === "DESTROYED";
    const reply =
      this.event === "destroy"
        ? await r.api.call("DELETE", `/api/clusters/${c.id}`)
        : await r.api.call<{ status: string }>("POST", `/api/clusters/${c.id}/${this.event}`);
    checkPrediction(`${this.event} ${this.resolved} (${c.status})`, prediction, reply);
    const after = (reply.body as { status?: string }).status;
    if (again && after !== "DESTROYING" && after !== "DESTROYED")
      throw new InvariantError("predicted-answer", `destroy ${this.resolved} again answered a ${after} cluster`);
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
    if (prediction.ok && this.event === "destroy" && !again) await r.afterDestroy(c);
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
  fc
    .tuple(index, fc.nat({ max: 4 }), fc.constantFrom(1, 1, 3, 8), fc.boolean())
    .map(([i, t, n, retry]) => new Submit(i, t, n, retry)),
  fc
    .tuple(index, fc.nat({ max: 4 }), fc.constantFrom(1, 1, 3, 8), fc.boolean())
    .map(([i, t, n, retry]) => new Submit(i, t, n, retry)),
  fc.tuple(index, fc.nat({ max: 4 }), fc.boolean()).map(([i, t, snake]) => new QueueSubmit(i, t, snake)),
  index.map((i) => new Cancel(i)),
  index.map((i) => new ObserveSlowTask(i)),
  index.map((i) => new SessionStep(i)),
  fc.tuple(index, fc.constantFrom("day" as const, "month" as const)).map(([i, period]) => new BudgetStep(i, period)),
  fc.tuple(index, fc.integer({ min: 1, max: 4 })).map(([i, limit]) => new PageTasks(i, limit)),
  fc.tuple(index, fc.nat({ max: 3 })).map(([i, action]) => new StaleIfMatch(i, action)),
  fc
    .tuple(
      index,
      fc.nat({ max: MEMORY_KEYS.length - 1 }),
      fc.constantFrom("plain", "cas", "cas", "stale", "only-if-absent"),
    )
    .map(([i, key, mode]) => new MemoryPut(i, key, mode)),
  fc.tuple(index, fc.nat({ max: MEMORY_KEYS.length - 1 })).map(([i, key]) => new MemoryDelete(i, key)),
  fc.tuple(index, fc.constantFrom(2, 5)).map(([i, writers]) => new MemoryCasRace(i, writers)),
  index.map((i) => new MemoryDocument(i)),
  index.map((i) => new ReadManifest(i)),
  fc.tuple(index, index).map(([i, a]) => new KillAgent(i, a)),
  fc
    .tuple(fc.integer({ min: 0, max: BLUEPRINTS.length - 1 }), fc.boolean())
    .map(([b, a]) => new ArchiveBlueprint(b, a)),
  fc.integer({ min: 0, max: BLUEPRINTS.length - 1 }).map((b) => new DeleteBlueprint(b)),
  fc.constant(null).map(() => new StartRunner()),
  fc.constant(null).map(() => new KillRunner()),
  fc.constant(null).map(() => new DrainRunner()),
];
