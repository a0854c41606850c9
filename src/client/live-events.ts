/**
 * `events()`: Myzel's live events as an async iterator, over a Socket.IO connection of its own.
 * It watches its target, watches again after every reconnect — also when the server closed the
 * connection (a restart, say) — resuming from the last event it handed out, so a short outage
 * loses nothing and repeats nothing. When events are lost for good (the outage outlasted the
 * server's history), it yields `{ type: "resync" }`: fetch what you show again.
 *
 *   for await (const event of myzel.events({ clusterId })) {
 *     if (event.type === "resync") reload();
 *     else console.log(event.eventId, event.type);
 *   }
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import type { ClientToServer, LiveEvent, ResyncNotice, ServerToClient, WatchTarget } from "../schemas/live";
import { ResumePoints } from "./resume-points";

export type LiveMessage = LiveEvent | { type: "resync"; reason: ResyncNotice["reason"] };

export interface LiveEventsOptions {
  /** Resume after this event id (kept from an earlier run); without it, events from now on. */
  after?: string;
  /** Passed to socket.io-client (a proxy `agent`, reconnection delays, …). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export interface LiveEvents extends AsyncIterable<LiveMessage> {
  /** The last event id handed out (or the position the server gave): keep it to resume later. */
  readonly lastEventId: string | undefined;
  /** Ends the subscription and its connection; the iterator finishes. */
  close(): void;
}

export interface LiveConnection {
  url: string;
  token?: string;
  headers?: Record<string, string>;
}

export function liveEvents(
  connection: LiveConnection,
  target: WatchTarget,
  options: LiveEventsOptions = {},
): LiveEvents {
  const points = new ResumePoints();
  points.add(target, options.after);
  const queue: LiveMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let closed = false;
  const push = (message: LiveMessage) => {
    queue.push(message);
    wake?.();
  };
  const fail = (error: Error) => {
    failure ??= error;
    close();
  };

  const socket: Socket<ServerToClient, ClientToServer> = io(connection.url, {
    path: "/socket.io",
    forceNew: true,
    transports: ["websocket"],
    auth: connection.token ? { token: connection.token } : {},
    extraHeaders: connection.headers,
    reconnectionDelayMax: 5_000,
    ...options.socketOptions,
  });
  socket.on("connect", () => {
    for (const { target: watched, request } of points.requests()) {
      socket.emit("watch", request, (reply) => {
        if ("error" in reply) fail(new Error(reply.error));
        else points.acknowledged(watched, reply.lastEventId);
      });
    }
  });
  socket.on("event", (event) => {
    if (points.accept(event)) push(event);
  });
  socket.on("resync", (notice) => push({ type: "resync", reason: notice?.reason ?? "gap" }));
  // Socket.IO reconnects by itself after a lost connection, but not after the server closed it.
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect" && !closed) socket.connect();
  });
  // Refused as unauthorized (a revoked token, say), no retry will help; a server that failed to
  // check the handshake (its database away a moment) is asked again.
  socket.on("connect_error", (error) => {
    if (socket.active) return;
    if (error.message.startsWith("unauthorized")) fail(error);
    else setTimeout(() => !closed && socket.connect(), 1000);
  });

  function close() {
    if (closed) return;
    closed = true;
    socket.disconnect();
    wake?.();
  }

  return {
    get lastEventId() {
      return points.lastEventId(target);
    },
    close,
    [Symbol.asyncIterator](): AsyncIterator<LiveMessage> {
      return {
        async next() {
          for (;;) {
            const message = queue.shift();
            if (message) return { value: message, done: false };
            if (failure) throw failure;
            if (closed) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
        },
        async return() {
          close();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
