/**
 * A Myzel server without the dashboard, as a process of its own: for tests that run a server
 * where the test process cannot be, such as inside a network namespace. Configured by its
 * environment as `npm start` is; prints the same "Myzel is ready" line.
 */
import { startMyzel } from "../../src/boot/start-myzel";
import { createLogger } from "../../src/infra/logger";
import { settingsOrExit, stopOnSignals } from "../../src/infra/process-lifecycle";

const settings = settingsOrExit();
const log = createLogger(settings.LOG_LEVEL);
const myzel = await startMyzel({ settings, log, withNext: false });
log.info({ url: myzel.url }, `Myzel is ready at ${myzel.url}`);
stopOnSignals(() => myzel.stop(), settings.SHUTDOWN_TIMEOUT_MS, log);
