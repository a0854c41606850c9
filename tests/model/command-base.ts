/** What every lifecycle-model command shares: its type, picking by index, labels. */
import type fc from "fast-check";
import type { ClusterModel, LifecycleModel } from "./model";
import type { RealRun } from "./real";

export type Cmd = fc.AsyncCommand<LifecycleModel, RealRun>;
export const MAX_LIVE_CLUSTERS = 3;
export const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
export const label = (m: LifecycleModel, c: ClusterModel) => `c${m.clusters.indexOf(c)}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A command on one of the model's clusters (destroyed ones included: refusals are predicted too). */
export abstract class OnCluster implements Cmd {
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
