/**
 * The real side of the model: one per process (the API, the event stream, the blueprints)
 * and one per run (its clusters, runners, and the checks after each step).
 */
import { contractOf, type OpenApi } from "../support/openapi-contract";
import { Api, describe, FINISHED, type Target } from "./api";
import {
  checkActiveMeansRunning,
  checkAgentRedisUsers,
  checkAgentsNotRoot,
  checkAnswersKeepToOpenApi,
  checkEventIds,
  checkFigures,
  checkKeys,
  checkNoServerErrors,
  checkNoStrayProcesses,
  checkOrphansGone,
  checkTasksEnd,
  checkTransitions,
  converge,
} from "./checks";
import { EventWatch } from "./events";
import { checkMemory } from "./memory-checks";
import { checkTaskCounters } from "./metrics-checks";
import { BLUEPRINTS, type ClusterModel, type LifecycleModel } from "./model";
import { type ExtraRunner, startRunner, stopGracefully } from "./processes";

export class System {
  readonly api: Api;
  readonly events = new EventWatch();
  private runnerSerial = 0;
  /** Steps run and tasks accepted over every run, for the soak's figures. */
  readonly totals = { steps: 0, runs: 0, tasksAccepted: 0 };
  /** Every task any run got accepted (the soak's ledger). */
  readonly allTasks: LifecycleModel["tasks"] = [];
  /** What the model broke, over every run: healing for anything else is a false heal. */
  readonly broken = { agents: new Set<string>(), nodes: new Set<string>() };
  /** Every cluster a run created. */
  readonly modelClusters = new Set<string>();

  constructor(readonly target: Target) {
    this.api = new Api(target);
  }

  async start(): Promise<void> {
    const document = await this.api.read<OpenApi>("/api/openapi.json");
    this.api.holdTo(contractOf(document).breachAt);
    for (const bp of BLUEPRINTS) {
      const reply = await this.api.call("POST", "/api/blueprints", { yaml: bp.yaml });
      if (reply.status !== 200 && reply.status !== 201)
        throw new Error(`uploading blueprint ${bp.id}: expected 200, got ${reply.status}: ${describe(reply.body)}`);
    }
    await this.events.start(this.target);
  }

  stop(): void {
    this.events.stop();
  }

  nextRunnerId(): string {
    return `model-runner-${process.pid}-${++this.runnerSerial}`;
  }
}

export class RealRun {
  readonly runners = new Map<string, ExtraRunner>();
  /** Agent pids that ran under a runner the model killed: they must exit. */
  orphanCandidates: number[] = [];
  private readonly checkedMoves = new Map<string, number>();
  private readonly checkedIds = { ids: 0 };
  /** Server errors before this run are not its own. */
  private readonly errorsFrom: number;
  private readonly breachesFrom: number;

  constructor(
    readonly system: System,
    readonly model: LifecycleModel,
  ) {
    this.errorsFrom = system.api.serverErrors.length;
    this.breachesFrom = system.api.contractBreaches.length;
  }

  get api(): Api {
    return this.system.api;
  }

  async startRunner(): Promise<ExtraRunner> {
    const runner = await startRunner(this.system.target, this.system.nextRunnerId());
    this.runners.set(runner.nodeId, runner);
    return runner;
  }

  /** After each step: agents converge, then every invariant is checked on the settled system. */
  async settle(): Promise<void> {
    this.system.totals.steps++;
    checkNoServerErrors(this.api, this.errorsFrom);
    for (const c of this.model.clusters) await converge(this.api, this.model, c);
    const processes = await checkNoStrayProcesses(this.api);
    await checkAgentsNotRoot(this.api, processes);
    for (const c of this.model.clusters) {
      const [cluster, agents] = [await this.api.cluster(c.id), await this.api.agents(c.id, true)];
      checkKeys(c, agents);
      checkFigures(this.model, c, cluster, agents, processes);
    }
    await checkOrphansGone(this.orphanCandidates);
    await checkAgentRedisUsers(this.api, processes);
    await checkTransitions(this.system.events, this.model, this.checkedMoves);
    checkEventIds(this.system.events, this.checkedIds);
    await checkMemory(this.api, this.model);
    checkNoServerErrors(this.api, this.errorsFrom);
    checkAnswersKeepToOpenApi(this.api, this.breachesFrom);
  }

  /** The app's live connection drops, as on a network failure; it resumes by itself. */
  async cutLiveConnection(): Promise<void> {
    await this.system.events.cut();
    await this.settle();
  }

  /** After a status change the API reports as done: ACTIVE must mean the agents run. */
  async afterActivation(c: ClusterModel, reportedBy: string): Promise<void> {
    const cluster = await this.api.waitCluster(c.id, "ACTIVE", 45_000);
    if (cluster.status === "ACTIVE") await checkActiveMeansRunning(this.api, c, reportedBy);
  }

  /** Tasks of a cluster just destroyed: all ended, the open ones CANCELLED with the reason. */
  async afterDestroy(c: ClusterModel): Promise<void> {
    const records = this.model.tasks.filter((t) => t.clusterId === c.id);
    for (const r of records) r.clusterDestroyed = true;
    await checkTasksEnd(this.api, records, 20_000, `after destroying ${c.name}`);
  }

  /**
   * The end of a run: tasks that an agent can take finish (SUCCEEDED or FAILED), then every
   * cluster is destroyed and every accepted task has ended with a reason.
   */
  async finish(): Promise<void> {
    const takeable = this.model.tasks.filter((t) => {
      const c = this.model.clusters.find((x) => x.id === t.clusterId)!;
      return !t.cancelled && !t.clusterDestroyed && this.model.roleHasAgents(c, t.role);
    });
    await checkTasksEnd(this.api, takeable, 90_000, "at the end of the run, before destroying");
    await checkTaskCounters(this.api, this.model);
    for (const c of this.model.live()) {
      const reply = await this.api.call("DELETE", `/api/clusters/${c.id}`);
      if (reply.status !== 200)
        throw new Error(
          `destroying ${c.name} at the end: expected 200, observed ${reply.status}: ${describe(reply.body)}`,
        );
      c.status = "DESTROYED";
    }
    await this.settle();
    for (const c of this.model.clusters)
      for (const t of this.model.tasks) if (t.clusterId === c.id) t.clusterDestroyed = true;
    await checkTasksEnd(this.api, this.model.tasks, 30_000, "at the end of the run, after destroying every cluster");
  }

  /** Best effort, after a run that passed or failed: nothing of it keeps running. */
  async cleanup(): Promise<void> {
    // Every run starts with the model's blueprints stored and open, whatever this one did to them.
    for (const bp of BLUEPRINTS) {
      await this.api.call("POST", "/api/blueprints", { yaml: bp.yaml }).catch(() => {});
      await this.api.call("POST", `/api/blueprints/${bp.id}/unarchive`).catch(() => {});
    }
    for (const c of this.model.clusters) {
      const cluster = await this.api.cluster(c.id).catch(() => null);
      if (cluster?.allowedActions.includes("destroy"))
        await this.api.call("DELETE", `/api/clusters/${c.id}`).catch(() => {});
    }
    await Promise.all(
      [...this.runners.values()].map(async (r) => {
        // A runner that had to be killed is lost to the control plane: its node_lost is expected.
        if (!(await stopGracefully(r.child))) this.system.broken.nodes.add(r.nodeId);
      }),
    );
    this.runners.clear();
    for (const c of this.model.clusters) await this.api.waitCluster(c.id, "DESTROYED", 30_000).catch(() => {});
    // Tasks still open here are counted as stuck by the soak; a failing run's own message says why.
    this.system.allTasks.push(...this.model.tasks);
  }
}

export { FINISHED };
