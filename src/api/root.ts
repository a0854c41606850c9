/** Composes the routers; `AppRouter` is the type other apps import for a fully typed client. */
import { auditRouter, sessionRouter, setupRouter, tokensRouter, usersRouter } from "./routers/access";
import { agentMemoryRouter } from "./routers/agent-memory";
import { agentsRouter, hierarchyRouter } from "./routers/agents";
import { alertWebhooksRouter } from "./routers/alert-webhooks";
import { approvalsRouter } from "./routers/approvals";
import { backupsRouter } from "./routers/backups";
import { blueprintsRouter } from "./routers/blueprints";
import { budgetsRouter } from "./routers/budgets";
import { clusterHistoryRouter } from "./routers/cluster-history";
import { clustersRouter } from "./routers/clusters";
import { compatRouter } from "./routers/compat";
import { costsRouter } from "./routers/costs";
import { drillsRouter } from "./routers/drills";
import { healingRouter } from "./routers/healing";
import { memoryRouter } from "./routers/memory";
import { nodesRouter } from "./routers/nodes";
import { plannerRouter } from "./routers/planner";
import { producersRouter } from "./routers/producers";
import { providersRouter } from "./routers/providers";
import { schedulesRouter } from "./routers/schedules";
import { sessionsRouter } from "./routers/sessions";
import { systemRouter } from "./routers/system";
import { deadLettersRouter, tasksRouter } from "./routers/tasks";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  blueprints: blueprintsRouter,
  clusters: clustersRouter,
  agents: agentsRouter,
  hierarchy: hierarchyRouter,
  tasks: tasksRouter,
  approvals: approvalsRouter,
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
  compat: compatRouter,
  sessions: sessionsRouter,
  alertWebhooks: alertWebhooksRouter,
  nodes: nodesRouter,
  backups: backupsRouter,
  clusterHistory: clusterHistoryRouter,
  memory: memoryRouter,
  agentMemory: agentMemoryRouter,
  providers: providersRouter,
  costs: costsRouter,
  budgets: budgetsRouter,
  planner: plannerRouter,
  schedules: schedulesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
