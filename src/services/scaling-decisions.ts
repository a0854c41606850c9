/** The auto-scaler's decisions about one cluster over the last hour. */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { readScalingDecisions } from "../core/logs/scaling-log";
import type { scalingDecisionsInput } from "../schemas/scaling-api";
import { blueprintOf } from "./blueprints";
import { findCluster } from "./clusters";

export async function listScalingDecisions(
  deps: Pick<CoreDeps, "db" | "redis" | "settings">,
  input: z.infer<typeof scalingDecisionsInput>,
) {
  const cluster = await findCluster(deps.db, input.id);
  const items = await readScalingDecisions(deps.redis, input.id);
  return {
    clusterId: input.id,
    enabled: deps.settings.AUTO_SCALE_ENABLED && !!blueprintOf(cluster.blueprint).cluster.scaling,
    items: input.changesOnly ? items.filter((d) => d.direction !== "none") : items,
  };
}
