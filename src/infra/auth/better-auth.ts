/**
 * Sign-in for the dashboard through Better Auth: email and password (hashed with scrypt,
 * Better Auth's memory-hard default), sessions in PostgreSQL behind an HTTP-only,
 * SameSite=Lax cookie, sign-in attempts limited per client address in Redis. There is no
 * self-service sign-up: the first admin comes from the settings or the setup page, everyone
 * else from an admin.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { hostRefusal } from "../../domain/auth/hosts";
import type { Settings } from "../../env";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../schemas/auth-api";
import type { Database } from "../database/client";
import type { Logger } from "../logger";
import type { Redis } from "../redis";
import { redisRateLimitStore } from "./rate-limit-store";

/** Set by Myzel's HTTP server from the TCP connection, replacing anything a client sent. */
export const CLIENT_ADDRESS_HEADER = "x-myzel-client-address";
export const AUTH_BASE_PATH = "/api/auth";

export interface AuthOptions {
  db: Database;
  redis: Redis;
  settings: Settings;
  log: Logger;
  secret: string;
  /** Where browsers reach Myzel (MYZEL_PUBLIC_URL, or the address it listens on). */
  baseUrl: string;
  /** The host names Myzel answers to besides localhost and IP addresses (MYZEL_ALLOWED_HOSTS and the public URL's). */
  allowedHosts: ReadonlySet<string>;
}

export function createAuth({ db, redis, settings, log, secret, baseUrl, allowedHosts }: AuthOptions) {
  const authLog = log.child({ component: "auth" });
  return betterAuth({
    appName: "Myzel",
    baseURL: baseUrl,
    basePath: AUTH_BASE_PATH,
    secret,
    database: prismaAdapter(db, { provider: "postgresql" }),
    // Requests come through Myzel's own server, which has already refused cross-site ones
    // (Origin / Sec-Fetch-Site) and hosts it does not answer to; the dashboard may be reached
    // under any host it answers to, and only those.
    trustedOrigins: (request) => [baseUrl, ...requestOrigins(request, allowedHosts)],
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "VIEWER" },
        disabledAt: { type: "date", input: false, required: false },
      },
    },
    session: {
      expiresIn: settings.SESSION_TTL_HOURS * 3600,
      updateAge: Math.min(24, settings.SESSION_TTL_HOURS) * 1800,
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled user keeps their password but may not start a session.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
            return user && !user.disabledAt ? undefined : false;
          },
        },
      },
    },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: { "/sign-in/*": { window: settings.SIGN_IN_WINDOW_SECONDS, max: settings.SIGN_IN_ATTEMPTS } },
      customStorage: redisRateLimitStore(redis),
    },
    advanced: {
      useSecureCookies: baseUrl.startsWith("https://"),
      cookiePrefix: "myzel",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    telemetry: { enabled: false },
    logger: {
      log: (level, message) => {
        if (level === "error") authLog.error(message);
        else if (level === "warn") authLog.warn(message);
        else authLog.debug(message);
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

function requestOrigins(request: Request | undefined, allowedHosts: ReadonlySet<string>): string[] {
  const host = request?.headers.get("host") ?? undefined;
  return host && hostRefusal(host, allowedHosts) === null ? [`http://${host}`, `https://${host}`] : [];
}
