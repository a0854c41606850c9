import { z } from "zod";
import { noInput } from "../../schemas/common";
import { clusterFiguresSchema, systemHealthSchema } from "../../schemas/system-api";
import { clusterOverview } from "../../services/cluster-overview";
import { systemHealth } from "../../services/system-health";
import { router, viewerProcedure } from "../trpc";

const tags = ["overview"];

export const systemRouter = router({
  health: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/system/health",
        tags,
        summary: "CPU, memory, disk, Redis and PostgreSQL, each coloured by the healing thresholds",
        description:
          "The host's CPU, memory and disk, and the reachability and latency of Redis and PostgreSQL, each marked ok, warning or critical by the thresholds the healer acts on.",
      },
    })
    .input(noInput)
    .output(systemHealthSchema)
    .query(({ ctx }) => systemHealth(ctx)),

  overview: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/overview",
        tags,
        summary: "Every live cluster with its agents' health, open tasks, throughput and error rate (last 5 minutes)",
        description:
          "Every live cluster with its agents by health, open tasks, throughput and error rate over the last five minutes: the dashboard's overview.",
      },
    })
    .input(noInput)
    .output(z.array(clusterFiguresSchema))
    .query(({ ctx }) => clusterOverview(ctx)),
});
