/**
 * What a Socket.IO client may watch: the overview, or clusters by id. Anything else is
 * refused with a reason, and each connection watches at most MAX_WATCHED_ROOMS rooms, so a
 * client cannot make the server keep arbitrary or countless room names in memory.
 */
import { ALL_CLUSTERS_ROOM, clusterRoom } from "../../schemas/events";
import { roomsOfTarget, watchRequest } from "../../schemas/live";

export const MAX_WATCHED_ROOMS = 100;

/** Whether a room is one a client chose to watch (not its own or its role's). */
export const isWatchedRoom = (room: string) => room === ALL_CLUSTERS_ROOM || room.startsWith(clusterRoom(""));

/**
 * The rooms a watch request names and where it resumes, or why it is refused; `watching` holds
 * the rooms joined so far.
 */
export function watchRooms(
  request: unknown,
  watching: ReadonlySet<string> = new Set(),
): { rooms: string[]; after?: string } | { error: string } {
  const parsed = watchRequest.safeParse(request);
  if (!parsed.success)
    return {
      error: `watch: ${parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ")}`,
    };
  const rooms = roomsOfTarget(parsed.data);
  if (new Set([...watching, ...rooms]).size > MAX_WATCHED_ROOMS)
    return { error: `watch: at most ${MAX_WATCHED_ROOMS} rooms per connection; unwatch some first` };
  return { rooms, after: parsed.data.after };
}
