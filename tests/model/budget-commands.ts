/**
 * A spending budget as a step of the lifecycle: a hard limit of $0 on a live cluster holds it
 * at once, an operator's resume releases it until the period ends, and removing the budget
 * leaves nothing held. The model's clusters run no provider, so their tasks go on throughout;
 * what the step checks is that the budget's state is what the operator was told, every time.
 */
import { checkPrediction, InvariantError } from "./checks";
import { type Cmd, label, pick } from "./command-base";
import type { LifecycleModel } from "./model";
import type { RealRun } from "./real";

interface BudgetReply {
  hold: boolean;
  resumedUntil: string | null;
}
interface BudgetList {
  cluster: { held: boolean } | null;
}

export class BudgetStep implements Cmd {
  private resolved = "?";
  constructor(
    readonly index: number,
    readonly period: "day" | "month",
  ) {}
  check = (m: Readonly<LifecycleModel>) => m.live().length > 0;

  async run(m: LifecycleModel, r: RealRun) {
    const c = pick(m.live(), this.index);
    this.resolved = label(m, c);
    const path = `/api/budgets/${c.id}/${this.period}`;
    const held = async (what: string, expected: boolean) => {
      const list = await r.api.call<BudgetList>("GET", `/api/budgets?clusterId=${c.id}`);
      checkPrediction(`${what}: GET budgets of ${this.resolved}`, { ok: true }, list);
      if (list.body.cluster?.held !== expected)
        throw new InvariantError(
          "budget-state",
          `${this}: after ${what}, expected the cluster ${expected ? "held" : "not held"}, observed ${JSON.stringify(list.body.cluster)}`,
        );
    };
    const set = await r.api.call<BudgetReply>("PUT", path, { softUsd: null, hardUsd: 0 });
    checkPrediction(`PUT ${this.period} budget of $0 on ${this.resolved}`, { ok: true }, set);
    if (!set.body.hold) throw new InvariantError("budget-state", `${this}: a hard limit of $0 answered hold: false`);
    await held("a hard limit of $0", true);
    const resumed = await r.api.call<BudgetReply>("POST", `${path}/resume`);
    checkPrediction(`resume the budget of ${this.resolved}`, { ok: true }, resumed);
    if (resumed.body.hold || !resumed.body.resumedUntil)
      throw new InvariantError("budget-state", `${this}: resume answered ${JSON.stringify(resumed.body)}`);
    await held("resume", false);
    checkPrediction(`DELETE the budget of ${this.resolved}`, { ok: true }, await r.api.call("DELETE", path));
    await held("delete", false);
  }
  toString = () => `budgetStep(${this.resolved}, ${this.period})`;
}
