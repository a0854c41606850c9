/**
 * The people who may sign in, and their roles. Passwords are hashed with Better Auth's
 * scrypt and stored as its "credential" account, so Better Auth's sign-in accepts them.
 * The last active admin cannot be demoted, disabled or deleted, so Myzel never locks out
 * everyone who could manage it.
 */
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { type IfMatch, ifMatchHolds } from "../domain/http/etag";
import type { Settings } from "../env";
import { Prisma, type User } from "../generated/prisma/client";
import { consumeAttempt } from "../infra/auth/rate-limit-store";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { Role, setupInput, userCreateInput, userSchema } from "../schemas/auth-api";
import { AppError, notFound, preconditionFailed } from "./app-error";
import { keysetPage, type PageInput } from "./keyset-page";

/** Serialises first-admin creation and admin changes across requests and servers. */
const USERS_LOCK = 70_207_001;

type NewUser = z.infer<typeof userCreateInput>;

export async function needsSetup(db: Database): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/**
 * The setup page's request, from anyone: limited per client address like sign-in, refused at
 * once when Myzel has its admin, and only then is the password hashed (a slow hash on every
 * anonymous call would let anyone keep the server busy).
 */
export async function setupFirstAdmin(
  deps: Pick<CoreDeps, "db" | "redis" | "settings">,
  ip: string | null,
  input: z.infer<typeof setupInput>,
) {
  const rule = { window: deps.settings.SIGN_IN_WINDOW_SECONDS, max: deps.settings.SIGN_IN_ATTEMPTS };
  const retryAfter = await consumeAttempt(deps.redis, `setup:${ip ?? "unknown"}`, rule);
  if (retryAfter !== null)
    throw new AppError("TOO_MANY_REQUESTS", `too many setup attempts from this address; try again in ${retryAfter} s`);
  if (!(await needsSetup(deps.db))) throw alreadySetUp();
  return createFirstAdmin(deps.db, input);
}

const alreadySetUp = () => new AppError("CONFLICT", "Myzel is already set up: an admin signs in and adds users");

/** Creates the first admin; refused once any user exists (the setup page is one-time). */
export async function createFirstAdmin(db: Database, input: z.infer<typeof setupInput>) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK})`;
    if ((await tx.user.count()) > 0) throw alreadySetUp();
    return toUserDto(await insertUser(tx, { ...input, role: "ADMIN" }, passwordHash));
  });
}

/** MYZEL_ADMIN_EMAIL / MYZEL_ADMIN_PASSWORD become the first admin when there is no user yet. */
export async function ensureAdminFromSettings(
  db: Database,
  settings: Pick<Settings, "ADMIN_EMAIL" | "ADMIN_PASSWORD">,
  log: Logger,
) {
  if (!settings.ADMIN_EMAIL || !settings.ADMIN_PASSWORD || !(await needsSetup(db))) return;
  try {
    const admin = await createFirstAdmin(db, {
      name: "Admin",
      email: settings.ADMIN_EMAIL.toLowerCase(),
      password: settings.ADMIN_PASSWORD,
    });
    log.info({ email: admin.email }, "first admin created from MYZEL_ADMIN_EMAIL");
  } catch (error) {
    // Another server created it at the same moment.
    if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
  }
}

export async function listUsers(db: Database, input: PageInput) {
  return keysetPage(input, "createdAt", {
    fetch: (keyset) => db.user.findMany({ ...keyset, where: keyset.where }),
    count: () => db.user.count(),
    toDto: toUserDto,
  });
}

export async function createUser(db: Database, input: NewUser) {
  const passwordHash = await hashPassword(input.password);
  try {
    return toUserDto(await insertUser(db, input, passwordHash));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", `a user with the email ${input.email} exists already`, [
        { path: "/email", message: "taken" },
      ]);
    }
    throw error;
  }
}

export async function setUserRole(db: Database, userId: string, role: Role, condition?: IfMatch) {
  return changeUser(db, userId, role === "ADMIN" ? noGuard : lastAdminGuard("demote"), { role }, condition);
}

/** Disabling ends the user's sessions at once; enabling lets them sign in again. */
export async function setUserDisabled(
  db: Database,
  userId: string,
  disabled: boolean,
  actorId: string,
  condition?: IfMatch,
) {
  if (disabled && userId === actorId) throw new AppError("CONFLICT", "you cannot disable yourself");
  const user = await changeUser(
    db,
    userId,
    disabled ? lastAdminGuard("disable") : noGuard,
    { disabledAt: disabled ? new Date() : null },
    condition,
  );
  if (disabled) await db.session.deleteMany({ where: { userId } });
  return user;
}

export async function deleteUser(db: Database, userId: string, actorId: string, condition?: IfMatch) {
  if (userId === actorId) throw new AppError("CONFLICT", "you cannot delete yourself");
  return changeUser(db, userId, lastAdminGuard("delete"), null, condition);
}

type Tx = Prisma.TransactionClient;

function insertUser(db: Tx | Database, input: NewUser, passwordHash: string) {
  const id = randomUUID();
  return db.user.create({
    data: {
      id,
      name: input.name,
      email: input.email,
      role: input.role,
      // Admins vouch for the addresses they enter; Myzel sends no mail.
      emailVerified: true,
      accounts: { create: { id: randomUUID(), providerId: "credential", accountId: id, password: passwordHash } },
    },
  });
}

type Guard = (tx: Tx, user: User) => Promise<string | null>;

const noGuard: Guard = async () => null;

function lastAdminGuard(verb: string): Guard {
  return async (tx, user) => {
    if (user.role !== "ADMIN" || user.disabledAt) return null;
    const others = await tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: user.id } } });
    return others === 0 ? `cannot ${verb} the last active admin` : null;
  };
}

/**
 * Reads the user under the users lock, checks the If-Match and `guard`, and updates (or, with
 * null data, deletes) with a new version — so two admins demoting each other at once cannot
 * leave none, and a change based on a stale read changes nothing.
 */
async function changeUser(
  db: Database,
  userId: string,
  guard: Guard,
  data: Prisma.UserUpdateInput | null,
  condition: IfMatch | undefined,
) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK})`;
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound("user", userId);
    if (!ifMatchHolds(condition, user.version)) throw preconditionFailed("user", user.version);
    const refusal = await guard(tx, user);
    if (refusal) throw new AppError("CONFLICT", refusal);
    if (data === null) return toUserDto(await tx.user.delete({ where: { id: userId } }));
    return toUserDto(await tx.user.update({ where: { id: userId }, data: { ...data, version: { increment: 1 } } }));
  });
}

function toUserDto(row: User): z.infer<typeof userSchema> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    disabled: row.disabledAt !== null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}
