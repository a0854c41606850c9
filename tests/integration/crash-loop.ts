/**
 * A real crash loop: worker-1's process is killed every time a new one appears, before it can
 * run long enough to count as stable, until its restart circuit opens (at three on the test
 * server). Returns how many processes were killed.
 */
import { expect } from "vitest";
import { worker } from "./healing-helpers";

export async function crashLoopUntilOpen(clusterId: string, key = "worker-1"): Promise<number> {
  const killed = new Set<number>();
  await expect
    .poll(
      async () => {
        const agent = await worker(clusterId, key);
        if (agent.circuit === "open") return "open";
        if (agent.pid && !killed.has(agent.pid)) {
          killed.add(agent.pid);
          try {
            process.kill(agent.pid, "SIGKILL");
          } catch {
            // gone already: its exit is on its way
          }
        }
        return agent.circuit;
      },
      { timeout: 45_000, interval: 100 },
    )
    .toBe("open");
  return killed.size;
}
