/** Clusters for the cluster tests: the team blueprint, the marketing example, scaling and settling. */
import { readFileSync } from "node:fs";
import { activeCluster, rest, teamBlueprint, uniqueName, uploadBlueprint, waitForStatus } from "./helpers";

export async function newCluster(targetWorkers?: number) {
  const { id, yaml } = teamBlueprint();
  await uploadBlueprint(yaml);
  const cluster = await activeCluster({ blueprintId: id, targetWorkers });
  return { blueprintId: id, yaml, cluster };
}

/** blueprints/marketing.yaml under an id of its own: fixed supervisor and leads, four roles with ranges from 0. */
export async function marketingCluster(targetWorkers: number) {
  const id = uniqueName("marketing");
  await uploadBlueprint(
    readFileSync(new URL("../../blueprints/marketing.yaml", import.meta.url), "utf8").replace(
      "id: marketing-v1",
      `id: ${id}`,
    ),
  );
  return activeCluster({ blueprintId: id, targetWorkers });
}

/** Scales by REST and waits until the cluster is ACTIVE again; returns the scale response. */
export async function scaleAndSettle(id: string, json: Record<string, unknown>) {
  const response = await rest(`/api/clusters/${id}/scale`, { method: "POST", json });
  if (response.status === 200) await waitForStatus(id, "ACTIVE");
  return response;
}

export type TreeNode = { agent: { tier: string; key: string; role: string }; subordinates: TreeNode[] };
/** Every agent key in a hierarchy tree, depth first. */
export const keysOf = (nodes: TreeNode[]): string[] => nodes.flatMap((n) => [n.agent.key, ...keysOf(n.subordinates)]);
