/**
 * Repaints only the rows of a full-screen view that changed, so `top` does not flicker and
 * sends a few bytes per event instead of the whole screen. Pure: old rows and new rows in,
 * the terminal's escape sequences out.
 */
const ESC = "\u001b[";

/** Rows are 0-based here, 1-based for the terminal. `paint` colours a row after the comparison. */
export function screenDiff(previous: string[], next: string[], paint: (row: string) => string = (row) => row): string {
  let out = "";
  for (let row = 0; row < next.length; row++) {
    if (previous[row] !== next[row]) out += `${ESC}${row + 1};1H${paint(next[row]!)}${ESC}K`;
  }
  // What the old screen had below the new one's end is wiped.
  if (previous.length > next.length) out += `${ESC}${next.length + 1};1H${ESC}J`;
  return out;
}

/** The whole screen drawn afresh: after a resize, or the first time. */
export const fullScreen = (rows: string[], paint: (row: string) => string = (row) => row) =>
  `${ESC}H${ESC}2J${rows.map(paint).join("\n")}`;

export const HIDE_CURSOR = `${ESC}?25l`;
export const SHOW_CURSOR = `${ESC}?25h`;
