/**
 * The live protocol over Socket.IO: what a client sends (`watch`, `unwatch`), what it gets back
 * (`event`, `resync`, the watch's acknowledgement), and the ids that let it resume. One schema
 * per message, shared by the server, the typed client, the dashboard and the AsyncAPI document.
 */
import { z } from "zod";
import { uuid } from "./common";
import { ALL_CLUSTERS_ROOM, clusterRoom, type MyzelEvent, roomsOf } from "./events";

/**
 * An event's id: the entry id of Myzel's event stream in Redis, "<milliseconds>-<sequence>".
 * Ids only grow along the stream, so the last one a client saw says where to resume.
 */
export const eventId = z
  .string()
  .regex(/^\d{1,20}-\d{1,20}$/, 'an event id as received: "<milliseconds>-<sequence>"')
  .meta({ description: 'The event stream\'s entry id, "<milliseconds>-<sequence>"; grows with every event.' });

/** Orders two event ids along the stream: negative, zero or positive as `a` comes before, is, or follows `b`. */
export function compareEventIds(a: string, b: string): number {
  const [am = "0", as = "0"] = a.split("-");
  const [bm = "0", bs = "0"] = b.split("-");
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/** An event as delivered: the event and its id on the stream. */
export type LiveEvent = MyzelEvent & { eventId: string };

/** What to watch: one cluster's events, or every cluster's (the overview). */
export type WatchTarget = { all: true } | { clusterId: string };

export const watchRequest = z.strictObject({
  clusterId: uuid.optional().meta({ description: "Watch this cluster's room." }),
  all: z.boolean().optional().meta({ description: "Watch every cluster (the overview's room)." }),
  after: eventId.optional().meta({
    description:
      "Resume: the last event id this client saw for this target. The events after it are sent first, in order; if it is no longer in the history, a `resync` comes instead.",
  }),
});
export type WatchRequest = z.infer<typeof watchRequest>;
export const unwatchRequest = watchRequest.pick({ clusterId: true, all: true });

export const watchReply = z.union([
  z.object({
    lastEventId: eventId
      .nullable()
      .meta({ description: "Where the client now is: resume from here next time (null while the stream is empty)." }),
    replayed: z.number().int().meta({ description: "Events sent before this reply because `after` asked for them." }),
  }),
  z.object({ error: z.string().meta({ description: "What was wrong with the request." }) }),
]);
export type WatchReply = z.infer<typeof watchReply>;

export const RESYNC_REASONS = ["expired", "gap"] as const;
export const resyncNotice = z.object({
  reason: z.enum(RESYNC_REASONS).meta({
    description:
      "expired: the `after` of a watch is older than the history; gap: the server lost part of the stream (Redis lost data, or it fell behind by more than the history). Either way: fetch what is shown again.",
  }),
});
export type ResyncNotice = z.infer<typeof resyncNotice>;

export interface ServerToClient {
  event: (event: LiveEvent) => void;
  /** Events were missed and cannot be sent again: fetch what is shown again. */
  resync: (notice: ResyncNotice) => void;
}
export interface ClientToServer {
  watch: (request: WatchRequest, ack?: (reply: WatchReply) => void) => void;
  unwatch: (request: Omit<WatchRequest, "after">) => void;
}

/** The Socket.IO rooms a watch request joins. */
export function roomsOfTarget(target: { clusterId?: string; all?: boolean }): string[] {
  return [
    ...(target.all ? [ALL_CLUSTERS_ROOM] : []),
    ...(typeof target.clusterId === "string" ? [clusterRoom(target.clusterId)] : []),
  ];
}

/** Whether a watch of `target` receives `event`. */
export function targetReceives(target: { clusterId?: string; all?: boolean }, event: MyzelEvent): boolean {
  const rooms = roomsOf(event);
  return roomsOfTarget(target).some((room) => rooms.includes(room));
}
