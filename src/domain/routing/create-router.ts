import { createLeastBusyRouter } from "./least-busy";
import { createRoundRobinRouter } from "./round-robin";
import { createStickyRouter } from "./sticky";
import type { Router, RoutingStrategy } from "./types";
import { createWeightedRouter } from "./weighted";

/** A fresh router with its own memory; keep one per cluster and reuse it for every task. */
export function createRouter(strategy: RoutingStrategy): Router {
  switch (strategy) {
    case "round-robin":
      return createRoundRobinRouter();
    case "least-busy":
      return createLeastBusyRouter();
    case "sticky":
      return createStickyRouter();
    case "weighted":
      return createWeightedRouter();
  }
}
