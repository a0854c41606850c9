import { describe, expect, it } from "vitest";
import { uuid } from "./fixtures";
import { hash32 } from "./hash";
import { buildRing, ownerOf, VIRTUAL_NODES } from "./hash-ring";

const ids = Array.from({ length: 10 }, (_, i) => uuid(i));

describe("hash ring", () => {
  it("places virtualNodes points per id, sorted, each owned by the id it came from", () => {
    const ring = buildRing(ids);
    expect(ring.points).toHaveLength(ids.length * VIRTUAL_NODES);
    for (let i = 1; i < ring.points.length; i++) expect(ring.points[i]!).toBeGreaterThanOrEqual(ring.points[i - 1]!);
    const perOwner = new Array<number>(ids.length).fill(0);
    for (const owner of ring.owners) perOwner[owner]!++;
    expect(perOwner).toEqual(new Array(ids.length).fill(VIRTUAL_NODES));
    // Point v of an id is hash32(`${id}#${v}`).
    const first = ring.points.indexOf(hash32(`${ids[3]}#0`));
    expect(ring.owners[first]).toBe(3);
  });

  it("finds the first point at or after a hash, wrapping past the top", () => {
    const ring = buildRing(["a", "b"], 4);
    const { points, owners } = ring;
    expect(ownerOf(ring, points[2]!)).toBe(owners[2]);
    expect(ownerOf(ring, points[2]! + 1)).toBe(owners[3]);
    expect(ownerOf(ring, 0)).toBe(owners[0]);
    expect(ownerOf(ring, points[points.length - 1]! + 1)).toBe(owners[0]);
  });

  it("has no owner when empty", () => {
    expect(ownerOf(buildRing([]), 12345)).toBeUndefined();
  });

  it("gives an id the same points whoever else is on the ring", () => {
    const alone = buildRing([ids[0]!]);
    const together = buildRing(ids);
    const mine = together.points.filter((_, i) => together.owners[i] === 0);
    expect([...mine]).toEqual([...alone.points]);
  });
});
