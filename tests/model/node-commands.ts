/**
 * Node steps: drain the extra runner's node before maintenance (its agents finish their work
 * and start on the server's node), then stop it. Invariant: no accepted task ran twice.
 */
import type { TaskDto } from "../../src/schemas/task-api";
import { InvariantError } from "./checks";
import type { Cmd } from "./command-base";
import type { LifecycleModel } from "./model";
import { stopGracefully } from "./processes";
import type { RealRun } from "./real";

export class DrainRunner implements Cmd {
  private resolved = "?";
  check = (m: Readonly<LifecycleModel>) => m.runners.length > 0;
  async run(m: LifecycleModel, r: RealRun) {
    const runner = m.runners[m.runners.length - 1]!;
    this.resolved = runner.nodeId;
    // Its drain is in the healing history: expected, not a false alarm.
    r.system.broken.nodes.add(runner.nodeId);
    const drain = await r.api.call("POST", `/api/nodes/${runner.nodeId}/drain`);
    if (drain.status !== 200)
      throw new InvariantError("convergence", `drain of ${runner.nodeId}: expected 200, observed ${drain.status}`);
    const deadline = Date.now() + 60_000;
    let state = "draining";
    while (state === "draining" && Date.now() < deadline) {
      state = (await r.api.read<{ state: string }>(`/api/nodes/${runner.nodeId}`)).state;
      if (state === "draining") await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (state !== "cordoned")
      throw new InvariantError(
        "convergence",
        `drain of ${runner.nodeId}: expected it empty and cordoned, observed ${state}`,
      );
    // Drained: stopping it now moves nothing.
    m.runners.pop();
    await stopGracefully(r.runners.get(runner.nodeId)!.child);
    r.runners.delete(runner.nodeId);
    await r.settle();
    for (const task of m.tasks) {
      const seen = await r.api.read<TaskDto>(`/api/tasks/${task.id}`);
      if (seen.duplicateRuns > 0)
        throw new InvariantError("convergence", `task ${task.id} ran ${seen.duplicateRuns + 1} times across the drain`);
    }
  }
  toString = () => `drain(${this.resolved})`;
}
