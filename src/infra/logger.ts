import pino, { type Logger } from "pino";

/** One pino logger; components take a child with their name. Secrets are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: "myzel" },
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "secret",
        "*.secret",
        "authorization",
        "*.authorization",
        "cookie",
        "*.cookie",
        "headers.authorization",
        "headers.cookie",
        'headers["set-cookie"]',
        "req.headers.authorization",
        "req.headers.cookie",
        "*.headers.authorization",
        "*.headers.cookie",
        "databaseUrl",
        "redisUrl",
        "*.redisUrl",
        "resultSecret",
        "*.resultSecret",
        "AUTH_SECRET",
        "ADMIN_PASSWORD",
        "*.AUTH_SECRET",
        "*.ADMIN_PASSWORD",
      ],
      censor: "[redacted]",
    },
  });
}

export type { Logger };
