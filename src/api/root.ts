/** Composes the routers; `AppRouter` is the type other apps import for a fully typed client. */
import { auditRouter, sessionRouter, setupRouter, tokensRouter, usersRouter } from "./routers/access";
import { agentsRouter, hierarchyRouter } from "./routers/agents";
import { blueprintsRouter } from "./routers/blueprints";
import { clustersRouter } from "./routers/clusters";
import { drillsRouter } from "./routers/drills";
import { healingRouter } from "./routers/healing";
import { producersRouter } from "./routers/producers";
import { systemRouter } from "./routers/system";
import { deadLettersRouter, tasksRouter } from "./routers/tasks";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  blueprints: blueprintsRouter,
  clusters: clustersRouter,
  agents: agentsRouter,
  hierarchy: hierarchyRouter,
  tasks: tasksRouter,
  deadLetters: deadLettersRouter,
  healing: healingRouter,
  drills: drillsRouter,
  system: systemRouter,
  session: sessionRouter,
  setup: setupRouter,
  users: usersRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  producers: producersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
