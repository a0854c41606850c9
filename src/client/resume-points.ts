/**
 * Where a client is in the event stream, per target it watches: the part of resuming that does
 * not depend on the connection, shared by the typed client's `events()` and the dashboard.
 * On every (re)connect it gives the watch requests to send (each with the last id seen for its
 * target); as events arrive it drops any it already had and moves each target's position on.
 */
import { compareEventIds, type LiveEvent, targetReceives, type WatchRequest, type WatchTarget } from "../schemas/live";

interface Watched {
  target: WatchTarget;
  /** How many parts of the app want this target. */
  wanted: number;
  lastEventId?: string;
}

const keyOf = (target: WatchTarget) => JSON.stringify(target);

export class ResumePoints {
  private readonly watched = new Map<string, Watched>();

  /** Starts (or counts once more) a target; `after` resumes from an id the caller kept. Returns whether it is new. */
  add(target: WatchTarget, after?: string): boolean {
    const key = keyOf(target);
    const current = this.watched.get(key);
    if (current) {
      current.wanted++;
      return false;
    }
    this.watched.set(key, { target, wanted: 1, lastEventId: after });
    return true;
  }

  /** Counts a target down; returns whether nothing wants it any more (and it was forgotten). */
  remove(target: WatchTarget): boolean {
    const key = keyOf(target);
    const current = this.watched.get(key);
    if (!current) return false;
    if (--current.wanted > 0) return false;
    this.watched.delete(key);
    return true;
  }

  /** The watch request of one target: from its last id if it has one, from now otherwise. */
  request(target: WatchTarget): WatchRequest {
    const after = this.watched.get(keyOf(target))?.lastEventId;
    return after ? { ...target, after } : { ...target };
  }

  /** Every watched target's request, for a (re)connect. */
  requests(): Array<{ target: WatchTarget; request: WatchRequest }> {
    return [...this.watched.values()].map(({ target }) => ({ target, request: this.request(target) }));
  }

  /** The server's answer to a watch: where this target now is. */
  acknowledged(target: WatchTarget, lastEventId: string | null): void {
    const current = this.watched.get(keyOf(target));
    if (current && lastEventId && (!current.lastEventId || compareEventIds(lastEventId, current.lastEventId) > 0))
      current.lastEventId = lastEventId;
  }

  /** An event arrived: true if it is new to a watched target (false for one already had), and positions move on. */
  accept(event: LiveEvent): boolean {
    let fresh = false;
    for (const entry of this.watched.values()) {
      if (!targetReceives(entry.target, event)) continue;
      if (entry.lastEventId && compareEventIds(event.eventId, entry.lastEventId) <= 0) continue;
      entry.lastEventId = event.eventId;
      fresh = true;
    }
    return fresh;
  }

  lastEventId(target: WatchTarget): string | undefined {
    return this.watched.get(keyOf(target))?.lastEventId;
  }
}
