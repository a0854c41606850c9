/**
 * Myzel's entry point (`npm start`): one process serving the dashboard, the APIs and
 * Socket.IO, with the embedded PostgreSQL and Redis when no URLs are configured.
 * SIGTERM/SIGINT stop everything within MYZEL_SHUTDOWN_TIMEOUT_MS.
 */
import { ConfigError, env } from "./env";
import { startMyzel } from "./http/myzel-server";
import { createLogger } from "./infra/logger";

async function main() {
  let settings;
  try {
    settings = env();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(settings.LOG_LEVEL);
  const started = performance.now();
  const myzel = await startMyzel({ settings, log });
  log.info({ url: myzel.url, startupMs: Math.round(performance.now() - started) }, `Myzel is ready at ${myzel.url}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      log.error({ timeoutMs: settings.SHUTDOWN_TIMEOUT_MS }, "shutdown took too long; exiting");
      process.exit(1);
    }, settings.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    myzel.stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  console.error("Myzel failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
