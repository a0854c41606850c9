/**
 * What `myzel backup` does on the host with no server running: restoring an archive into a
 * fresh data folder or an empty database, and checking an archive file. The one place the
 * command reaches past the typed client (the layer rule cli-speaks-through-the-client names it),
 * since there is no server to ask.
 */
export { createLogger } from "../../infra/logger";
export { restoreBackup } from "../../services/backup-restore";
export { verifyArchive } from "../../services/backup-verify";
