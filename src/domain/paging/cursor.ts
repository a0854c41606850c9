/**
 * Keyset paging: a list is ordered by a timestamp, newest first, ties broken by id (also
 * descending), and a cursor names the row a page ends or starts at. A row inserted after a
 * page was read sorts above every row already seen, so it can never show up twice nor push
 * a row off the next page, as it could with an offset.
 *
 * A cursor is opaque to clients: base64url of a small JSON array. Anything else is refused.
 */

/** Which way a cursor pages: `older` continues below the row, `newer` goes back above it. */
export type CursorDirection = "older" | "newer";

export interface CursorPosition {
  direction: CursorDirection;
  /** The row's sort key, in milliseconds since the epoch (the columns keep milliseconds). */
  at: number;
  id: string;
}

const DIRECTIONS: Record<string, CursorDirection> = { o: "older", n: "newer" };
/** Ids are UUIDs or the authentication library's ids: letters, digits, `-` and `_`. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const MAX_CURSOR_LENGTH = 200;

export function encodeCursor(position: CursorPosition): string {
  const json = JSON.stringify([position.direction === "older" ? "o" : "n", position.at, position.id]);
  return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The position a cursor names, or null when the text is not a cursor Myzel gave out. */
export function decodeCursor(text: string): CursorPosition | null {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [direction, at, id] = value as unknown[];
  if (typeof direction !== "string" || !(direction in DIRECTIONS)) return null;
  if (typeof at !== "number" || !Number.isSafeInteger(at) || at < 0) return null;
  if (typeof id !== "string" || !ID.test(id)) return null;
  return { direction: DIRECTIONS[direction]!, at, id };
}

export interface Keyed {
  at: number;
  id: string;
}

/** What to fetch for a page: rows strictly beyond the cursor, in this order, one more than the page. */
export interface KeysetPlan {
  after: { at: number; id: string; direction: CursorDirection } | null;
  order: "desc" | "asc";
  take: number;
}

export function planPage(cursor: CursorPosition | null, limit: number): KeysetPlan {
  // One row more than the page tells whether there is another page beyond it.
  if (!cursor) return { after: null, order: "desc", take: limit + 1 };
  return { after: cursor, order: cursor.direction === "older" ? "desc" : "asc", take: limit + 1 };
}

export interface PageCut<T> {
  /** The page, newest first; null when a `newer` page reached the top: read the first page instead. */
  rows: T[] | null;
  nextCursor: string | null;
  prevCursor: string | null;
}

/**
 * Cuts the fetched rows (in the plan's order) to a page and names its neighbours. Going back
 * with `newer` and reaching the top answers null: the caller then reads the first page, so a
 * client paging back lands on a full first page, as a person expects.
 */
export function cutPage<T>(plan: KeysetPlan, fetched: T[], limit: number, keyOf: (row: T) => Keyed): PageCut<T> {
  const more = fetched.length > limit;
  const taken = fetched.slice(0, limit);
  const at = (direction: CursorDirection, row: T) => encodeCursor({ direction, ...keyOf(row) });
  if (plan.after === null || plan.after.direction === "older") {
    const last = taken.at(-1);
    const first = taken[0];
    return {
      rows: taken,
      nextCursor: more && last !== undefined ? at("older", last) : null,
      // An empty page past a cursor (its rows were deleted) has nothing to go back from.
      prevCursor: plan.after !== null && first !== undefined ? at("newer", first) : null,
    };
  }
  if (!more) return { rows: null, nextCursor: null, prevCursor: null };
  const rows = taken.reverse();
  return { rows, nextCursor: at("older", rows.at(-1)!), prevCursor: at("newer", rows[0]!) };
}
