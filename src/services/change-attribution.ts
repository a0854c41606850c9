/**
 * Who asked for a change, and why, carried with the request (AsyncLocalStorage) down to the
 * transaction that writes it: `attribute` hands both to PostgreSQL as transaction-local settings,
 * where the trigger that records cluster revisions reads them. Writes made by the control plane's
 * own loops carry none and are recorded as "system".
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Tx } from "./cluster-lifecycle";

interface Attribution {
  actor: string;
  /** Overrides the reason a service would give (a rollback names the revision it returns to). */
  reason?: string;
}

const storage = new AsyncLocalStorage<Attribution>();

export function withAttribution<T>(attribution: Attribution, work: () => T): T {
  const outer = storage.getStore();
  return storage.run({ ...outer, ...attribution }, work);
}

/** Sets `myzel.actor` and `myzel.reason` for the rest of the transaction `tx`. */
export async function attribute(tx: Tx, reason: string): Promise<void> {
  const current = storage.getStore();
  await tx.$executeRaw`SELECT set_config('myzel.actor', ${current?.actor ?? "system"}, true), set_config('myzel.reason', ${(current?.reason ?? reason).slice(0, 500)}, true)`;
}
