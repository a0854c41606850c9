import { InvariantError } from "./checks";
import { type Cmd, label, pick } from "./command-base";
import type { LifecycleModel } from "./model";
import { agentProcesses, describeProcess, isLiveAgentProcess, untilGone } from "./processes";
import type { RealRun } from "./real";

export class KillAgent implements Cmd {
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
    // kill() returns before the process is gone: until it is, the API rightly still names it, and
    // the checks would take the restart already under way for something that happened later.
    const survivors = await untilGone([agent.pid!], 5000);
    if (survivors.length)
      throw new InvariantError(
        "figures-match-processes",
        `agent ${agent.key} of ${label(m, c)}: expected pid ${agent.pid} gone after SIGKILL, observed ${describeProcess(agent.pid!)}`,
      );
    await r.settle();
  }
  toString = () => `kill -9 agent(${this.resolved})`;
}

export class StartRunner implements Cmd {
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

export class KillRunner implements Cmd {
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
