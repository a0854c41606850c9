/** Which live session an agent closes to make room for a new one. */

export interface SessionUse {
  key: string;
  lastUsedAt: number;
  busy: boolean;
}

/**
 * `room`: a new session fits; `evict`: close `key` first (the least recently used idle one);
 * `full`: every session is answering a prompt, none can be closed now.
 */
export type Eviction = { kind: "room" } | { kind: "evict"; key: string } | { kind: "full" };

export function evictionFor(open: readonly SessionUse[], maxSessions: number): Eviction {
  if (open.length < maxSessions) return { kind: "room" };
  let oldest: SessionUse | undefined;
  for (const session of open)
    if (!session.busy && (!oldest || session.lastUsedAt < oldest.lastUsedAt)) oldest = session;
  return oldest ? { kind: "evict", key: oldest.key } : { kind: "full" };
}
