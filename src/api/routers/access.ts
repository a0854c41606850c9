/** Who may do what: the caller, the one-time setup, users and their roles, API tokens, the audit log. */
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
import { noInput, page, pageInput } from "../../schemas/common";
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
import { ifMatchOf } from "../preconditions";
import { adminProcedure, publicProcedure, router, viewerProcedure } from "../trpc";

export const sessionRouter = router({
  me: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/me",
        tags: ["access"],
        summary: "Who is calling: the signed-in user or the API token, with its role",
        description:
          "The caller as Myzel sees it: a signed-in user or an API token, with its id, name and role. Useful to check a token.",
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
        description:
          "Whether Myzel still has no user and waits for its first admin. Needs no sign-in, so a fresh installation can be set up.",
      },
    })
    .input(noInput)
    .output(setupStatusSchema)
    .query(async ({ ctx }) => ({ needsSetup: await needsSetup(ctx.db) })),

  createAdmin: publicProcedure
    .meta({
      created: { location: "/api/users/{id}" },
      openapi: {
        method: "POST",
        path: "/api/setup",
        tags: ["access"],
        protect: false,
        summary: "Create the first admin (refused once any user exists)",
        description:
          "Creates the first admin of a fresh installation; needs no sign-in and works once only. Afterwards admins add users. Attempts are rate limited per address.",
        errorResponses: {
          409: "Myzel is already set up.",
          429: "Too many attempts from this address; try again after the time in `detail`.",
        },
      },
    })
    .input(setupInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => setupFirstAdmin(ctx, ctx.client.ip, input)),
});

const userTags = ["users"];

export const usersRouter = router({
  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/users",
        tags: userTags,
        summary: "Every user with their role",
        description:
          "Every user with their role, whether they are disabled, and when they were created; newest first, a page at a time.",
      },
    })
    .input(pageInput)
    .output(page(userSchema))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),

  create: adminProcedure
    .meta({
      etag: "answer",
      created: { location: "/api/users/{id}" },
      openapi: {
        method: "POST",
        path: "/api/users",
        tags: userTags,
        summary: "Add a user with a role and a first password",
        description: "Adds a user who can sign in to the dashboard with this email and password, with a role.",
        errorResponses: { 409: "A user with this email exists already." },
      },
    })
    .input(userCreateInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => createUser(ctx.db, input)),

  setRole: adminProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "POST",
        path: "/api/users/{userId}/role",
        tags: userTags,
        summary: "Change a user's role (applies to their next request)",
        description:
          "Changes a user's role; it applies from their next request. The last active admin cannot be demoted.",
        errorResponses: { 409: "This would leave no active admin." },
      },
    })
    .input(userRoleInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, input.userId, input.role, ifMatchOf(ctx))),

  setDisabled: adminProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "POST",
        path: "/api/users/{userId}/disabled",
        tags: userTags,
        summary: "Disable a user (ends their sessions) or enable them again",
        description:
          "Disables a user (their sessions end at once, sign-in is refused) or enables them again. Nobody can disable themselves, and the last active admin cannot be disabled.",
        errorResponses: { 409: "You cannot disable yourself, and the last active admin cannot be disabled." },
      },
    })
    .input(userDisableInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, input.userId, input.disabled, ctx.actor.id, ifMatchOf(ctx))),

  delete: adminProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "DELETE",
        path: "/api/users/{userId}",
        tags: userTags,
        summary: "Delete a user",
        description:
          "Deletes a user and their sessions. What they did stays in the audit log under their name. Nobody can delete themselves, nor the last active admin.",
        errorResponses: { 409: "You cannot delete yourself, and the last active admin cannot be deleted." },
      },
    })
    .input(userIdInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => deleteUser(ctx.db, input.userId, ctx.actor.id, ifMatchOf(ctx))),
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
        description:
          "API tokens with their name, role, expiry, when they were last used and whether they are revoked; never the tokens themselves.",
      },
    })
    .input(pageInput)
    .output(page(tokenSchema))
    .query(({ ctx, input }) => listTokens(ctx.db, input)),

  create: adminProcedure
    .meta({
      created: {},
      openapi: {
        method: "POST",
        path: "/api/tokens",
        tags: tokenTags,
        summary: "Create an API token with a role and an optional expiry; the answer is the only time it is shown",
        description:
          "Creates an API token with a role and an optional expiry. The answer holds the token: it is shown this once and stored only as a hash.",
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
        description: "Revokes an API token: it stops working at once. Revoking it again changes nothing.",
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
        description:
          "Every change made through Myzel, newest first: who, what, on what, when, from where, and the outcome (refusals too). Filtered by actor, action, target and time, paged.",
      },
    })
    .input(auditListInput)
    .output(page(auditEntrySchema))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});
