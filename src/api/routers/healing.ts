import { page } from "../../schemas/common";
import { healingEventSchema, healingListInput } from "../../schemas/healing-api";
import { listHealingEvents } from "../../services/healing";
import { publicProcedure, router } from "../trpc";

export const healingRouter = router({
  history: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/healing-history", tags: ["healing"], summary: "Every detection and healing action, newest first (filters: clusterId, agentId, kind, since)" } })
    .input(healingListInput)
    .output(page(healingEventSchema))
    .query(({ ctx, input }) => listHealingEvents(ctx, input)),
});
