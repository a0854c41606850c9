/**
 * What a Socket.IO client may watch: the overview, or clusters by id. Anything else is
 * refused with a reason, and each connection watches at most MAX_WATCHED_ROOMS rooms, so a
 * client cannot make the server keep arbitrary or countless room names in memory.
 */
import { z } from "zod";
import { uuid } from "../../schemas/common";
import { ALL_CLUSTERS_ROOM, clusterRoom } from "../../schemas/events";

export const MAX_WATCHED_ROOMS = 100;

export const watchTargetSchema = z.strictObject({ clusterId: uuid.optional(), all: z.boolean().optional() });
export type WatchTarget = z.infer<typeof watchTargetSchema>;

/** Whether a room is one a client chose to watch (not its own or its role's). */
export const isWatchedRoom = (room: string) => room === ALL_CLUSTERS_ROOM || room.startsWith(clusterRoom(""));

/** The rooms `target` names, or why it is refused; `watching` holds the rooms joined so far. */
export function watchRooms(target: unknown, watching: ReadonlySet<string> = new Set()): string[] | { error: string } {
  const parsed = watchTargetSchema.safeParse(target);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `watch: ${issue.path.join(".") || "target"}: ${issue.message}` };
  }
  const rooms = [
    ...(parsed.data.all ? [ALL_CLUSTERS_ROOM] : []),
    ...(parsed.data.clusterId ? [clusterRoom(parsed.data.clusterId)] : []),
  ];
  const total = new Set([...watching, ...rooms]).size;
  if (total > MAX_WATCHED_ROOMS) {
    return { error: `watch: at most ${MAX_WATCHED_ROOMS} rooms per connection; unwatch some first` };
  }
  return rooms;
}
