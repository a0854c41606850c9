/** Who may do what: the caller, the one-time setup, users and their roles, API tokens, the audit log. */
import { z } from "zod";
import {
  actorSchema,
  auditEntrySchema,
  auditListInput,
  setupInput,
  setupStatusSchema,
  tokenCreated,
  tokenCreateInput,
  tokenIdInput,
  tokenSchema,
  userCreateInput,
  userDisableInput,
  userIdInput,
  userRoleInput,
  userSchema,
} from "../../schemas/auth-api";
import { noInput, page } from "../../schemas/common";
import { createToken, listTokens, revokeToken } from "../../services/api-tokens";
import { listAudit } from "../../services/audit-log";
import {
  createUser,
  deleteUser,
  listUsers,
  needsSetup,
  setUserDisabled,
  setUserRole,
  setupFirstAdmin,
} from "../../services/users";
import { adminProcedure, publicProcedure, router, viewerProcedure } from "../trpc";

export const sessionRouter = router({
  me: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/me",
        tags: ["access"],
        summary: "Who is calling: the signed-in user or the API token, with its role",
      },
    })
    .input(noInput)
    .output(actorSchema)
    .query(({ ctx }) => ctx.actor),
});

export const setupRouter = router({
  status: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/setup",
        tags: ["access"],
        protect: false,
        summary: "Whether Myzel still needs its first admin",
      },
    })
    .input(noInput)
    .output(setupStatusSchema)
    .query(async ({ ctx }) => ({ needsSetup: await needsSetup(ctx.db) })),

  createAdmin: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/setup",
        tags: ["access"],
        protect: false,
        summary: "Create the first admin (refused once any user exists)",
      },
    })
    .input(setupInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => setupFirstAdmin(ctx, ctx.client.ip, input)),
});

const userTags = ["users"];

export const usersRouter = router({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/api/users", tags: userTags, summary: "Every user with their role" } })
    .input(noInput)
    .output(z.array(userSchema))
    .query(({ ctx }) => listUsers(ctx.db)),

  create: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/users",
        tags: userTags,
        summary: "Add a user with a role and a first password",
      },
    })
    .input(userCreateInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => createUser(ctx.db, input)),

  setRole: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/users/{userId}/role",
        tags: userTags,
        summary: "Change a user's role (applies to their next request)",
      },
    })
    .input(userRoleInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, input.userId, input.role)),

  setDisabled: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/users/{userId}/disabled",
        tags: userTags,
        summary: "Disable a user (ends their sessions) or enable them again",
      },
    })
    .input(userDisableInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, input.userId, input.disabled, ctx.actor.id)),

  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/api/users/{userId}", tags: userTags, summary: "Delete a user" } })
    .input(userIdInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => deleteUser(ctx.db, input.userId, ctx.actor.id)),
});

const tokenTags = ["tokens"];

export const tokensRouter = router({
  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/tokens",
        tags: tokenTags,
        summary: "API tokens (never the tokens themselves)",
      },
    })
    .input(noInput)
    .output(z.array(tokenSchema))
    .query(({ ctx }) => listTokens(ctx.db)),

  create: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/tokens",
        tags: tokenTags,
        summary: "Create an API token with a role and an optional expiry; the answer is the only time it is shown",
      },
    })
    .input(tokenCreateInput)
    .output(tokenCreated)
    .mutation(({ ctx, input }) => createToken(ctx.db, input, ctx.actor.type === "user" ? ctx.actor.id : null)),

  revoke: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/tokens/{tokenId}/revoke",
        tags: tokenTags,
        summary: "Revoke an API token (it stops working at once)",
      },
    })
    .input(tokenIdInput)
    .output(tokenSchema)
    .mutation(({ ctx, input }) => revokeToken(ctx.db, input.tokenId)),
});

export const auditRouter = router({
  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/audit-log",
        tags: ["access"],
        summary:
          "Every change: who, what, on what, when, from where, outcome (filters: actorId, action, target, since)",
      },
    })
    .input(auditListInput)
    .output(page(auditEntrySchema))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});
