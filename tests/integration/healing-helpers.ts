/** Clusters and agents for the self-healing tests: a pool of builtin workers, and ways to watch one be replaced. */
import { expect } from "vitest";
import { activeCluster, client, uniqueName, uploadBlueprint } from "./helpers";

export async function pool(workers: number, runtime = "{ type: builtin, behaviour: echo }") {
  const id = uniqueName("heal");
  await uploadBlueprint(`metadata: { id: ${id}, name: Heal, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10, routing: round-robin }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, count: ${workers}, reports_to: supervisor, runtime: ${runtime} }
`);
  return activeCluster({ blueprintId: id });
}

export const worker = async (clusterId: string, key = "worker-1") =>
  (await client().agents.list.query({ id: clusterId })).find((a) => a.key === key)!;

/** Waits until the agent runs again in a new process; returns it. */
export async function replaced(clusterId: string, oldPid: number, key = "worker-1") {
  await expect
    .poll(
      async () => {
        const a = await worker(clusterId, key);
        return a.status === "IDLE" && a.pid !== oldPid && a.pid !== null;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return worker(clusterId, key);
}

/** Kills worker-1 three times in a row (the test server opens the circuit at three); returns its last run. */
export async function crashLoop(clusterId: string) {
  let agent = await worker(clusterId);
  for (let i = 0; i < 2; i++) {
    process.kill(agent.pid!, "SIGKILL");
    agent = await replaced(clusterId, agent.pid!);
  }
  process.kill(agent.pid!, "SIGKILL");
  await expect.poll(async () => (await worker(clusterId)).circuit, { timeout: 10_000 }).toBe("open");
  return agent;
}
