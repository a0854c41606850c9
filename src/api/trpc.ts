/**
 * The one place that defines tRPC's context and procedure helpers. Routers use
 * `publicProcedure`; service errors (AppError) become tRPC errors here, once, and the
 * error formatter adds `issues` (path, message, YAML line/column) for clients and REST.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import type { AgentQueues } from "../control/agent-queues";
import type { Dispatcher } from "../control/dispatcher";
import type { InfraSample } from "../domain/healing/infra-rules";
import type { Waiters } from "../control/waiters";
import type { Drill, DrillStartInput } from "../schemas/drill-api";
import type { HealReportDto } from "../schemas/healing-api";
import type { Settings } from "../env";
import type { Database } from "../infra/database/client";
import type { EventPublisher } from "../infra/events";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import { AppError, type Issue } from "../services/app-error";

/** The control plane's parts that requests use. */
export interface ControlHandle {
  dispatcher: Dispatcher;
  waiters: Waiters;
  queues: AgentQueues;
  /** Asks the reconciler to look at clusters now (after a change of desired state). */
  requestReconcile(): void;
  /** Runs every infrastructure check now and heals what it finds (or only says what it would do). */
  heal(options: { actor: string; dryRun: boolean; clusterId?: string }): Promise<HealReportDto>;
  /** This node's latest CPU, memory and disk sample, with Redis and the database checked now. */
  systemSample(): Promise<InfraSample>;
  /** Whether this server's control plane holds the leader lease now. */
  isLeader(): boolean;
  /** This server's runner node id. */
  nodeId: string;
  /** Chaos drills: start one (it runs in the background), read its state or report. */
  drills: { start(input: DrillStartInput, actor: string): Promise<Drill>; get(id: string): Promise<Drill> };
}

/** Long-lived dependencies, built once by the server and handed to every request. */
export interface AppDeps {
  db: Database;
  redis: Redis;
  settings: Settings;
  events: EventPublisher;
  log: Logger;
  control: ControlHandle;
}

export interface Context extends AppDeps {
  /** Where the call came from, for logs (and the audit log later). */
  origin: "trpc" | "rest" | "internal";
}

const t = initTRPC
  .meta<OpenApiMeta>()
  .context<Context>()
  .create({
    errorFormatter({ shape, error }) {
      return { ...shape, data: { ...shape.data, stack: undefined, issues: issuesOf(error) } };
    },
  });

function issuesOf(error: TRPCError): Issue[] | undefined {
  if (error.cause instanceof AppError && error.cause.issues.length) return error.cause.issues;
  if (error.cause instanceof ZodError) {
    return error.cause.issues.map((issue) => ({ path: issue.path.join(".") || "(input)", message: issue.message }));
  }
  return undefined;
}

const mapErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      result.error = new TRPCError({ code: cause.code, message: cause.message, cause });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error({ err: cause ?? result.error, path }, "procedure failed");
      // No internals to clients: the log has the details.
      result.error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error (see the server log)" });
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);
