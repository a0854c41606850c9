import { finish, fnv1a } from "./hash";

/** As in ketama; an agent's share then varies by about 1/√160 ≈ 8 % (one standard deviation). */
export const VIRTUAL_NODES = 160;

/** Sorted ring positions and, for each, the index of the owning id in the list it was built from. */
export interface HashRing {
  points: Uint32Array;
  owners: Uint32Array;
}

// Position and owner are packed into one double so a typed-array sort (no comparator) orders
// both at once; exact as long as owner < 2^21, i.e. up to two million agents.
const OWNER_BITS = 2 ** 21;

/**
 * Places `virtualNodes` points per id on a 32-bit ring. Points depend only on the id, so an
 * agent keeps its arcs when others join or leave: only keys on the changed agent's arcs move.
 */
export function buildRing(ids: readonly string[], virtualNodes = VIRTUAL_NODES): HashRing {
  if (ids.length >= OWNER_BITS) throw new RangeError(`a hash ring holds at most ${OWNER_BITS - 1} agents`);
  const packed = new Float64Array(ids.length * virtualNodes);
  for (let owner = 0; owner < ids.length; owner++) {
    // Point v is hash32(`${id}#${v}`); the shared prefix is hashed once.
    const prefix = fnv1a(`${ids[owner]}#`);
    for (let v = 0; v < virtualNodes; v++) {
      packed[owner * virtualNodes + v] = finish(fnv1a(String(v), prefix)) * OWNER_BITS + owner;
    }
  }
  packed.sort();
  const points = new Uint32Array(packed.length);
  const owners = new Uint32Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const value = packed[i]!;
    points[i] = Math.floor(value / OWNER_BITS);
    owners[i] = value % OWNER_BITS;
  }
  return { points, owners };
}

/** Index of the id owning `hash`: the first point at or after it, wrapping past the top. */
export function ownerOf(ring: HashRing, hash: number): number | undefined {
  const { points, owners } = ring;
  if (points.length === 0) return undefined;
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (points[mid]! < hash) low = mid + 1;
    else high = mid;
  }
  return owners[low === points.length ? 0 : low];
}
