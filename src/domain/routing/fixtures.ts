/** Test fixtures shared by the routing tests (not shipped code). */
import type { RoutableAgent } from "./types";

export function agent(id: string, load = 0, concurrency = 1, weight = 1): RoutableAgent {
  return { id, load, concurrency, weight };
}

/** Deterministic uuid-shaped ids that differ only in their last digits, like a real batch. */
export function uuid(n: number): string {
  return `6f1c2d3e-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function uuidAgents(count: number, from = 0): RoutableAgent[] {
  return Array.from({ length: count }, (_, i) => agent(uuid(from + i)));
}

/** For strategies that must decide without randomness. */
export function noRandom(): number {
  throw new Error("this decision must not use randomness");
}

/** Returns the given values in turn, like a scripted Math.random. */
export function scripted(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
