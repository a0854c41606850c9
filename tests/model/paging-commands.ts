/**
 * Paging and conditional requests in the lifecycle model: a client pages through a cluster's
 * tasks while more are submitted, and a client holding a stale ETag tries to change a cluster.
 */
import type { ClusterDto } from "../../src/schemas/cluster-api";
import type { TaskDto } from "../../src/schemas/task-api";
import { checkPrediction, InvariantError } from "./checks";
import { OnCluster, pick } from "./command-base";
import { type LifecycleModel, predictSubmit } from "./model";
import type { RealRun } from "./real";
import { recordAccepted } from "./task-commands";

interface TaskPage {
  items: TaskDto[];
  nextCursor: string | null;
}

/** Pages through the cluster's tasks, submitting one between pages: no task twice, none of the first ones missed. */
export class PageTasks extends OnCluster {
  constructor(
    index: number,
    readonly limit: number,
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const existing = m.tasks.filter((t) => t.clusterId === c.id).map((t) => t.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `clusterId=${c.id}&rootsOnly=true&limit=${this.limit}${cursor ? `&cursor=${cursor}` : ""}`;
      const page: TaskPage = await r.api.read<TaskPage>(`/api/tasks?${query}`);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
      pages++;
      // Only an ACTIVE cluster: a submit would wake a hibernated one, which is another command's concern.
      if (cursor && c.status === "ACTIVE" && pages <= 3) {
        const reply = await r.api.call<TaskDto>("POST", `/api/clusters/${c.id}/tasks`, {
          type: "model",
          payload: { prompt: "submitted while paging" },
        });
        checkPrediction(`submit to ${this.resolved} while paging`, predictSubmit(c, null), reply);
        await recordAccepted(m, r, c, null, [reply.body.id]);
      }
    } while (cursor);
    const twice = seen.filter((id, i) => seen.indexOf(id) !== i);
    if (twice.length) throw new InvariantError("paging", `tasks ${twice.join(", ")} showed on two pages`);
    const missed = existing.filter((id) => !seen.includes(id));
    if (missed.length) throw new InvariantError("paging", `tasks ${missed.join(", ")} were skipped by the cursor`);
    await r.settle();
  }
  toString = () => `pageTasks(${this.resolved}, ${this.limit} a page)`;
}

const STALE_ACTIONS = [
  ["PUT", "", { description: "changed with a stale ETag" }],
  ["POST", "/scale", { targetWorkers: 1 }],
  ["POST", "/hibernate", undefined],
  ["DELETE", "", undefined],
] as const;

/** Tries a change with an ETag one version old: 412, and the cluster is exactly as it was. */
export class StaleIfMatch extends OnCluster {
  constructor(
    index: number,
    readonly action: number,
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const before = await r.api.cluster(c.id);
    const [method, suffix, json] = pick(STALE_ACTIONS, this.action);
    const reply = await r.api.call(method, `/api/clusters/${c.id}${suffix}`, json, {
      "if-match": `"v${before.version - 1}"`,
    });
    // A delete of a cluster already being or been destroyed has its effect already: RFC 9110
    // (13.1.1) lets the server answer 2xx then instead of 412, as it answers a repeated delete.
    const applied = method === "DELETE" && ["DESTROYING", "DESTROYED"].includes(before.status);
    checkPrediction(
      `${method} ${suffix || "/"} with a stale If-Match on ${this.resolved}`,
      { ok: false, statuses: applied ? [412, 200] : [412], why: "the ETag is stale" },
      reply,
    );
    const after = await r.api.cluster(c.id);
    // The reconciler may finish a transition meanwhile (SCALING_UP → ACTIVE): status is progress,
    // not desired state. Every action tried here would have moved the version.
    const fields = ["version", "targetWorkers", "description", "name"] as const satisfies (keyof ClusterDto)[];
    const changed = fields.filter((f) => after[f] !== before[f]);
    if (changed.length)
      throw new InvariantError("if-match", `a change refused for a stale ETag changed ${changed.join(", ")}`);
    await r.settle();
  }
  toString = () => `staleIfMatch(${this.resolved}, ${pick(STALE_ACTIONS, this.action).slice(0, 2).join(" ")})`;
}
