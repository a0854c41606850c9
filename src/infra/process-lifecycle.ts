/** Start-up and shutdown shared by the server and the standalone runner. */
import { ConfigError, env, type Settings } from "../env";
import { killChildGroups } from "./child-groups";
import type { Logger } from "./logger";

/** The settings, or exit 2 with the message that names each bad variable. */
export function settingsOrExit(): Settings {
  try {
    return env();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** A promise nobody awaited must not take a server down with every agent on it: log it. */
export function logUnhandledRejections(log: Logger): void {
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
}

/** SIGTERM/SIGINT run `stop` once; if it takes longer than `timeoutMs`, the process exits anyway. */
export function stopOnSignals(stop: () => Promise<void>, timeoutMs: number, log: Logger): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      // What did not stop in time is killed with its group: nothing outlives this process.
      log.error({ timeoutMs, killedGroups: killChildGroups() }, "shutdown took too long; exiting");
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
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
