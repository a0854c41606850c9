/** Contracts of sign-in, users, API tokens and the audit log, shared by the API and the dashboard. */
import { z } from "zod";
import { isoDate, pagination, uuid } from "./common";

export const ROLES = ["VIEWER", "OPERATOR", "ADMIN"] as const;
export const roleSchema = z.enum(ROLES, { error: "expected VIEWER, OPERATOR or ADMIN" });
export type Role = z.infer<typeof roleSchema>;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

export const emailSchema = z
  .email({ error: "expected an email address" })
  .max(254)
  .transform((email) => email.toLowerCase());
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`);
const nameSchema = z.string().trim().min(1, "a name is needed").max(100);

/** Who is calling: a signed-in user or an API token. */
export const actorSchema = z
  .object({
    type: z.enum(["user", "token"]),
    id: z.string(),
    name: z.string().describe("the user's email or the token's name"),
    role: roleSchema,
  })
  .meta({ id: "Actor" });
export type Actor = z.infer<typeof actorSchema>;

export const setupStatusSchema = z.object({ needsSetup: z.boolean() }).meta({ id: "SetupStatus" });
export const setupInput = z.strictObject({ name: nameSchema, email: emailSchema, password: passwordSchema });

export const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    disabled: z.boolean(),
    version: z.number().int().describe('changes with every change an admin makes; the ETag is "v<version>"'),
    createdAt: isoDate,
  })
  .meta({ id: "User" });
export const userCreateInput = z.strictObject({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  role: roleSchema,
});
export const userIdInput = z.strictObject({ userId: z.string().min(1) });
export const userRoleInput = userIdInput.extend({ role: roleSchema });
export const userDisableInput = userIdInput.extend({ disabled: z.boolean() });

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("the token's first characters"),
    role: roleSchema,
    createdBy: z.string().nullable(),
    createdAt: isoDate,
    expiresAt: isoDate.nullable(),
    lastUsedAt: isoDate.nullable(),
    revokedAt: isoDate.nullable(),
  })
  .meta({ id: "ApiToken" });
export const tokenCreateInput = z.strictObject({
  name: nameSchema,
  role: roleSchema,
  expiresAt: isoDate.optional().describe("when the token stops working; none: never"),
});
export const tokenCreated = z
  .object({ token: z.string().describe("shown only now: store it"), info: tokenSchema })
  .meta({ id: "ApiTokenCreated" });
export const tokenIdInput = z.strictObject({ tokenId: uuid });

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: isoDate,
    actorType: z.string(),
    actorId: z.string(),
    actorName: z.string(),
    role: roleSchema.nullable(),
    action: z.string().describe("the procedure, e.g. clusters.scale"),
    target: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    outcome: z.string().describe("ok, or the error code"),
  })
  .meta({ id: "AuditEntry" });
export const auditListInput = z.strictObject({
  actorId: z.string().optional(),
  action: z.string().optional(),
  target: z.string().optional(),
  since: isoDate.optional(),
  ...pagination,
});
