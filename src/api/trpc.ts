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
import type { Actor, Role } from "../schemas/auth-api";
import { AppError, type Issue } from "../services/app-error";
import { recordAudit } from "../services/audit-log";

export interface Context extends AppDeps {
  /** Where the call came from. */
  origin: "trpc" | "rest" | "internal";
  /** The signed-in user or API token making the call; null when anonymous. */
  actor: Actor | null;
  /** Where the call came from on the network, for the audit log. */
  client: { ip: string | null; userAgent: string | null };
}

/** `audit: false` marks a mutation that changes nothing (a check), so the audit log skips it. */
export type ProcedureMeta = OpenApiMeta & { audit?: false };

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

/**
 * One audit row per mutation, whatever its outcome — except refusals of anonymous calls
 * (a refused setup, a missing sign-in), which anyone could repeat to fill the log.
 */
const audited = t.middleware(async ({ next, ctx, path, type, meta, getRawInput }) => {
  const result = await next();
  if (type !== "mutation" || meta?.audit === false || (!result.ok && !ctx.actor)) return result;
  try {
    const target = auditTarget(await getRawInput().catch(() => undefined), result.ok ? result.data : undefined);
    const outcome = result.ok ? "ok" : result.error.code;
    await recordAudit(ctx.db, {
      actor: ctx.actor,
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

function requireRole(required: Role) {
  return t.middleware(({ next, ctx }) => {
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
    return next({ ctx: { actor: ctx.actor } });
  });
}

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
