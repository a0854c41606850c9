import { describe, expect, it } from "vitest";
import { type CursorPosition, cutPage, decodeCursor, encodeCursor, type Keyed, planPage } from "./cursor";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const row = (n: number): Keyed => ({ at: 1_000 + n, id: id(n) });
const key = (r: Keyed) => r;

/** Rows 1..n as a store holds them; `fetch` answers a plan the way the keyset query does. */
function store(n: number) {
  const rows = Array.from({ length: n }, (_, i) => row(i + 1));
  const above = (r: Keyed, c: CursorPosition) => r.at > c.at || (r.at === c.at && r.id > c.id);
  return (cursor: CursorPosition | null, limit: number) => {
    const plan = planPage(cursor, limit);
    const after = plan.after;
    const selected = rows.filter(
      (r) => !after || (after.direction === "older" ? !above(r, after) && r.id !== after.id : above(r, after)),
    );
    selected.sort((a, b) => (plan.order === "desc" ? b.at - a.at : a.at - b.at));
    return cutPage(plan, selected.slice(0, plan.take), limit, key);
  };
}

describe("cursors", () => {
  it("round-trip and stay opaque base64url", () => {
    const position: CursorPosition = { direction: "older", at: 1_733_000_000_123, id: id(5) };
    const text = encodeCursor(position);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(position);
  });

  it("refuses text Myzel never gave out", () => {
    for (const bad of [
      "",
      "abc",
      "!!",
      btoa("[1,2,3]"),
      btoa('["x",1,"a"]'),
      btoa('["o",-1,"a"]'),
      btoa('["o",1,"a b"]'),
      "a".repeat(300),
    ])
      expect(decodeCursor(bad)).toBeNull();
  });
});

describe("cutPage", () => {
  it("pages down and back up through a list without a gap or a repeat", () => {
    const page = store(7);
    const first = page(null, 3);
    expect(first.rows?.map((r) => r.at)).toEqual([1007, 1006, 1005]);
    expect(first.prevCursor).toBeNull();
    const second = page(decodeCursor(first.nextCursor!), 3);
    expect(second.rows?.map((r) => r.at)).toEqual([1004, 1003, 1002]);
    const third = page(decodeCursor(second.nextCursor!), 3);
    expect(third.rows?.map((r) => r.at)).toEqual([1001]);
    expect(third.nextCursor).toBeNull();
    const back = page(decodeCursor(third.prevCursor!), 3);
    expect(back.rows?.map((r) => r.at)).toEqual([1004, 1003, 1002]);
    expect(back.nextCursor).toBe(second.nextCursor);
  });

  it("answers null when going back reaches the top, so the first page is read whole", () => {
    const page = store(7);
    const second = page(decodeCursor(page(null, 3).nextCursor!), 3);
    expect(page(decodeCursor(second.prevCursor!), 3).rows).toBeNull();
  });
});
