import pino, { type Logger } from "pino";

/** One pino logger; components take a child with their name. Secrets are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: "myzel" },
    redact: {
      paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "databaseUrl", "redisUrl"],
      censor: "[redacted]",
    },
  });
}

export type { Logger };
