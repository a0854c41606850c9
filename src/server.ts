/**
 * Myzel's entry point (`npm start`): one process serving the dashboard, the APIs and
 * Socket.IO, running the control plane and this host's agents, with the embedded PostgreSQL
 * and Redis when no URLs are configured. SIGTERM/SIGINT stop everything within
 * MYZEL_SHUTDOWN_TIMEOUT_MS.
 */
import { startMyzel } from "./boot/start-myzel";
import { createLogger } from "./infra/logger";
import { logUnhandledRejections, settingsOrExit, stopOnSignals } from "./infra/process-lifecycle";

async function main() {
  const settings = settingsOrExit();
  const log = createLogger(settings.LOG_LEVEL);
  logUnhandledRejections(log);
  const started = performance.now();
  const myzel = await startMyzel({ settings, log });
  log.info({ url: myzel.url, startupMs: Math.round(performance.now() - started) }, `Myzel is ready at ${myzel.url}`);
  stopOnSignals(() => myzel.stop(), settings.SHUTDOWN_TIMEOUT_MS, log);
}

main().catch((error) => {
  console.error("Myzel failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
