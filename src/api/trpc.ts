/**
 * The one place that defines tRPC's context and procedure helpers, and so who may do what.
 * Routers build every procedure from `viewerProcedure`, `operatorProcedure` or
 * `adminProcedure` (roles include the ones below them); `publicProcedure` is only for the
 * one-time setup. Every mutation is written to the audit log here, never by a handler.
 * Service errors (AppError) become tRPC errors here, once, and the error formatter adds
 * `issues` (path, message, YAML line/column) for clients and REST.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import type { AppDeps } from "../core/deps";
import { auditTarget } from "../domain/auth/audit-target";
import { hasRole } from "../domain/auth/roles";
import type { CreatedSpec } from "../domain/http/created";
import { pointedIssue } from "../domain/input/json-pointer";
import { unavailableMessage, unavailableService } from "../infra/unavailable";
import type { Actor, Role } from "../schemas/auth-api";
import { AppError, type Issue } from "../services/app-error";
import { recordAudit } from "../services/audit-log";
import { withAttribution } from "../services/change-attribution";
import type { AgentCaller } from "../services/memory/agent-caller";

export interface Context extends AppDeps {
  /** Where the call came from. */
  origin: "trpc" | "rest" | "internal";
  /** The signed-in user or API token making the call; null when anonymous. */
  actor: Actor | null;
  /** The agent whose memory credential was sent; only `agentProcedure`s take it. */
  agent?: AgentCaller | null;
  /** Where the call came from on the network, for the audit log. */
  client: { ip: string | null; userAgent: string | null };
  /** The request's If-Match header (REST only): read through `ifMatchOf` in preconditions.ts. */
  ifMatch?: string | undefined;
}

/**
 * `audit: false` marks a mutation that changes nothing (a check), so the audit log skips it.
 * Over REST, `created` makes a procedure answer 201 Created with `Location` (see
 * domain/http/created.ts), `idempotent` makes it honour `Idempotency-Key`, and `etag` says it
 * answers with a versioned resource (`ETag`) — `"condition"`: and takes `If-Match`, which its
 * handler passes to the service through `ifMatchOf`. The OpenAPI document reads all of them here.
 * `queryInput: true` lets a REST POST without a body send its input as query parameters
 * (compatibility aliases whose scripts do so).
 */
export type ProcedureMeta = OpenApiMeta & {
  audit?: false;
  created?: CreatedSpec;
  idempotent?: true;
  etag?: "answer" | "condition";
  queryInput?: true;
};

const t = initTRPC
  .meta<ProcedureMeta>()
  .context<Context>()
  .create({
    errorFormatter({ shape, error }) {
      return { ...shape, data: { ...shape.data, stack: undefined, issues: issuesOf(error) } };
    },
  });

function issuesOf(error: TRPCError): Issue[] | undefined {
  if (error.cause instanceof AppError && error.cause.issues.length) return error.cause.issues;
  if (error.cause instanceof ZodError) {
    return error.cause.issues.map(pointedIssue);
  }
  return undefined;
}

const mapErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    const unavailable = unavailableService(cause ?? result.error);
    if (cause instanceof AppError) {
      result.error = new TRPCError({ code: cause.code, message: cause.message, cause });
    } else if (unavailable) {
      ctx.log.warn({ err: (cause ?? result.error).message, path }, "a request failed: a service is out of reach");
      result.error = new TRPCError({ code: "SERVICE_UNAVAILABLE", message: unavailableMessage(unavailable), cause });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error({ err: cause ?? result.error, path }, "procedure failed");
      // No internals to clients: the log has the details.
      result.error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error (see the server log)" });
    }
  }
  return result;
});

/**
 * One audit row per mutation, whatever its outcome — except refusals of anonymous calls
 * (a refused setup, a missing sign-in), which anyone could repeat to fill the log.
 */
const audited = t.middleware(async ({ next, ctx, path, type, meta, getRawInput }) => {
  const result = await next();
  if (type !== "mutation" || meta?.audit === false || (!result.ok && !ctx.actor && !ctx.agent)) return result;
  try {
    const target = auditTarget(await getRawInput().catch(() => undefined), result.ok ? result.data : undefined);
    const outcome = result.ok ? "ok" : result.error.code;
    await recordAudit(ctx.db, {
      actor: ctx.actor,
      agent: ctx.agent ? { id: ctx.agent.agentId, key: ctx.agent.key } : null,
      action: path,
      target,
      ip: ctx.client.ip,
      userAgent: ctx.client.userAgent,
      outcome,
    });
  } catch (error) {
    ctx.log.error({ err: error, path }, "could not write the audit log");
  }
  return result;
});

/**
 * The role each role middleware requires, keyed by the middleware function itself: the OpenAPI
 * document reads a procedure's role from the middleware it really runs, never from a second list.
 */
const roleOfMiddleware = new WeakMap<object, Role>();

/** The role a procedure needs, or null for a public one (the one-time setup). */
export function requiredRole(procedure: { _def: { middlewares: readonly unknown[] } }): Role | null {
  for (const middleware of procedure._def.middlewares) {
    const role = roleOfMiddleware.get(middleware as object);
    if (role) return role;
  }
  return null;
}

function requireRole(required: Role) {
  const middleware = t.middleware(({ next, ctx }) => {
    if (!ctx.actor)
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "sign in, or send an API token as Authorization: Bearer …",
      });
    if (!hasRole(ctx.actor.role, required)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `this needs the ${required} role; ${ctx.actor.name} is ${ctx.actor.role}`,
      });
    }
    const actor = ctx.actor;
    // Changes made by this call are recorded under its actor (services/change-attribution.ts).
    return withAttribution({ actor: `${actor.type}:${actor.name}` }, () => next({ ctx: { actor } }));
  });
  for (const fn of middleware._middlewares) roleOfMiddleware.set(fn, required);
  return middleware;
}

/** Middleware functions that admit agents only: the OpenAPI document marks their procedures. */
const agentMiddlewares = new WeakSet<object>();

export function requiresAgent(procedure: { _def: { middlewares: readonly unknown[] } }): boolean {
  return procedure._def.middlewares.some((middleware) => agentMiddlewares.has(middleware as object));
}

const requireAgent = t.middleware(({ next, ctx }) => {
  if (!ctx.agent) {
    if (ctx.actor)
      throw new TRPCError({
        code: "FORBIDDEN",
        message:
          "only agents use these routes (with the MYZEL_MEMORY_TOKEN they were given); people and apps use /api/memory",
      });
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "send the agent's memory credential as Authorization: Bearer …",
    });
  }
  return next({ ctx: { agent: ctx.agent } });
});
for (const fn of requireAgent._middlewares) agentMiddlewares.add(fn);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(audited).use(mapErrors);
/** Anyone, signed in or not: only the one-time setup of the first admin. */
export const publicProcedure = base;
/** Signed-in users and tokens of every role: reading. */
export const viewerProcedure = base.use(requireRole("VIEWER"));
/** Operators and admins: create, scale, hibernate, reactivate clusters, submit tasks, heal. */
export const operatorProcedure = base.use(requireRole("OPERATOR"));
/** Admins: delete clusters, manage blueprints, users and API tokens, read the audit log. */
export const adminProcedure = base.use(requireRole("ADMIN"));
/** Agents and the tools they run, with their memory credential: their own namespaces only. */
export const agentProcedure = base.use(requireAgent);
