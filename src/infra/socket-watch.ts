/**
 * `watch` and `unwatch` on a Socket.IO connection, with resume: a watch that says which event it
 * saw last (`after`) is first sent what it missed from the stream's history, in order, then
 * joins its rooms in the same tick as the last of those is sent — so nothing falls between the
 * history and the live events, and nothing comes twice. An `after` the history no longer holds
 * gets a `resync` instead. Each connection's watches are handled one at a time, in the order sent.
 */
import type { Socket } from "socket.io";
import { type Coverage, joined, toReplay } from "../domain/live/replay";
import { isWatchedRoom, watchRooms } from "../domain/live/watch-rooms";
import type { Actor } from "../schemas/auth-api";
import {
  type ClientToServer,
  compareEventIds,
  roomsOfTarget,
  type ServerToClient,
  unwatchRequest,
  type WatchReply,
} from "../schemas/live";
import type { EventStream } from "./events";

type LiveSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, { actor: Actor }>;

export interface Watching {
  watch(socket: LiveSocket, request: unknown, ack: unknown): void;
  unwatch(socket: LiveSocket, request: unknown): void;
}

export function createWatching(stream: EventStream): Watching {
  const coverage = new WeakMap<LiveSocket, Coverage>();
  const pending = new WeakMap<LiveSocket, Promise<void>>();

  const watch = async (socket: LiveSocket, raw: unknown): Promise<WatchReply> => {
    const target = watchRooms(raw, new Set([...socket.rooms].filter(isWatchedRoom)));
    if ("error" in target) return target;
    const { rooms, after } = target;
    let from = after;
    let replayed = 0;
    while (from !== undefined && compareEventIds(from, stream.position()) < 0) {
      const page = await stream.after(from, stream.position());
      if (!socket.connected) return { lastEventId: null, replayed };
      if (!page) {
        socket.emit("resync", { reason: "expired" });
        from = undefined;
        break;
      }
      for (const entry of toReplay(page.events, rooms, coverage.get(socket) ?? new Map(), socket.data.actor.role)) {
        socket.emit("event", { ...entry.event, eventId: entry.id });
        replayed++;
      }
      // A page that read nothing new cannot happen while `from` is behind; never loop on it.
      if (page.through === from) break;
      from = page.through;
    }
    // From here to the reply nothing waits: live events after this point reach the rooms joined now.
    const position = stream.position();
    const start = after !== undefined && from !== undefined ? after : position;
    coverage.set(socket, joined(coverage.get(socket) ?? new Map(), rooms, start));
    void socket.join(rooms);
    const resumeFrom = from !== undefined && compareEventIds(from, position) > 0 ? from : position;
    return { lastEventId: resumeFrom === "0-0" ? null : resumeFrom, replayed };
  };

  const unwatch = (socket: LiveSocket, raw: unknown) => {
    const parsed = unwatchRequest.safeParse(raw);
    if (!parsed.success) return;
    const left = new Map(coverage.get(socket));
    for (const room of roomsOfTarget(parsed.data)) {
      void socket.leave(room);
      left.delete(room);
    }
    coverage.set(socket, left);
  };
  const inTurn = (socket: LiveSocket, step: () => Promise<void>) => {
    const next = (pending.get(socket) ?? Promise.resolve()).then(step);
    pending.set(socket, next);
  };

  return {
    watch: (socket, request, ack) =>
      inTurn(socket, async () => {
        const reply = await watch(socket, request).catch(
          (error: unknown): WatchReply => ({ error: `watch failed: ${(error as Error).message}` }),
        );
        if (typeof ack === "function") ack(reply);
      }),
    unwatch: (socket, request) => inTurn(socket, async () => unwatch(socket, request)),
  };
}
