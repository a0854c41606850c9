/** Tables and colours for people; scripts take --json and never see these. */
import Table from "cli-table3";
import type { Colors } from "./context";

export type Cell = string | number | boolean | null | undefined;

export function table(head: string[], rows: Cell[][], colors: Colors): string {
  const t = new Table({
    head: head.map((h) => colors.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of rows) t.push(row.map((cell) => (cell === null || cell === undefined ? "-" : String(cell))));
  return t.toString();
}

const GOOD = new Set(["ACTIVE", "IDLE", "SUCCEEDED", "passed", "succeeded", "up", "closed"]);
const BAD = new Set(["FAILED", "ERROR", "DESTROYED", "failed", "error", "down", "open"]);
const BUSY = new Set([
  "BUSY",
  "SCALING_UP",
  "SCALING_DOWN",
  "DESTROYING",
  "SPAWNING",
  "STARTING",
  "AWAITING_APPROVAL",
  "PENDING",
  "QUEUED",
  "RUNNING",
  "half_open",
  "slow",
]);

/** A status in the colour people read it by: green fine, red wrong, yellow on its way. */
export function paintStatus(status: string, colors: Colors): string {
  if (GOOD.has(status)) return colors.green(status);
  if (BAD.has(status)) return colors.red(status);
  if (BUSY.has(status)) return colors.yellow(status);
  return status;
}

/** "3 s", "2 min 5 s", "-" for none. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "-";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
