const FNV_OFFSET = 0x811c9dc5;

/**
 * 32-bit FNV-1a over UTF-16 code units, finished with murmur3's fmix32. FNV-1a alone clusters
 * keys that differ only in their last characters ("agent#1", "agent#2"), which is exactly what
 * virtual-node names look like; the finaliser spreads them over the whole ring.
 */
export function hash32(text: string): number {
  return finish(fnv1a(text));
}

/**
 * The unfinished FNV-1a state after `text`, continuing from `state`. Streaming, so
 * finish(fnv1a(b, fnv1a(a))) === hash32(a + b): a common prefix is hashed once.
 */
export function fnv1a(text: string, state = FNV_OFFSET): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** murmur3 fmix32: every input bit affects every output bit. */
export function finish(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
