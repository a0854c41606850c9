/**
 * What a connection that starts watching with "I last saw id X" is sent from the history: the
 * events of the rooms it asks for, after X, that its role may see — minus those it already has
 * through a room it watches since before them, so an event in two of its rooms comes once.
 */
import type { MyzelEvent } from "../../schemas/events";
import { roomsOf } from "../../schemas/events";
import { compareEventIds } from "../../schemas/live";
import { minimumRoleFor } from "../auth/event-visibility";
import { hasRole, type Role } from "../auth/roles";

/** Per room a connection is in: the id after which it has every event of that room. */
export type Coverage = ReadonlyMap<string, string>;

export interface HistoryEntry {
  id: string;
  event: MyzelEvent;
}

/** Whether the connection already has this event through a room it is in. */
export function covered(coverage: Coverage, entry: HistoryEntry): boolean {
  return roomsOf(entry.event).some((room) => {
    const from = coverage.get(room);
    return from !== undefined && compareEventIds(entry.id, from) > 0;
  });
}

export function mayReceive(role: Role, event: MyzelEvent): boolean {
  return hasRole(role, minimumRoleFor(event));
}

/** The entries (in stream order) to send a connection of `role` that now watches `rooms`. */
export function toReplay(entries: readonly HistoryEntry[], rooms: readonly string[], coverage: Coverage, role: Role) {
  return entries.filter(
    (entry) =>
      roomsOf(entry.event).some((room) => rooms.includes(room)) &&
      mayReceive(role, entry.event) &&
      !covered(coverage, entry),
  );
}

/** The coverage after joining `rooms` with every event after `from`: an earlier start a room already has stays. */
export function joined(coverage: Coverage, rooms: readonly string[], from: string): Map<string, string> {
  const next = new Map(coverage);
  for (const room of rooms) {
    const before = next.get(room);
    if (before === undefined || compareEventIds(from, before) < 0) next.set(room, from);
  }
  return next;
}
