/**
 * Socket.IO on the server's HTTP server. Events arrive from Redis (so every server instance
 * forwards the same stream) and go to the rooms of the clusters they concern; a browser
 * joins the rooms of what it shows. Every connection is authenticated (session cookie, or an
 * API token as `auth.token`), handshakes from other sites are refused, each event reaches
 * only the roles allowed to see it, and open connections are checked again every
 * `recheckMs`, so a revoked token, a disabled user or a new role takes effect on them too.
 *
 * Every event goes out with its id on the stream (`eventId`); a `watch` that names the last id
 * it saw is sent what it missed first (socket-watch.ts). No Socket.IO adapter is needed across
 * servers: each server follows the whole stream in Redis and delivers it to the browsers
 * connected to it, with the same ids.
 */
import type { Server as HttpServer, IncomingHttpHeaders } from "node:http";
import { Server } from "socket.io";
import { foreignOrigin } from "../domain/auth/cross-site";
import { minimumRoleFor } from "../domain/auth/event-visibility";
import { rolesBelow } from "../domain/auth/roles";
import type { Actor, Role } from "../schemas/auth-api";
import { roomsOf } from "../schemas/events";
import type { ClientToServer, ServerToClient } from "../schemas/live";
import type { EventStream } from "./events";
import { createWatching } from "./socket-watch";
import { withTimeout } from "./with-timeout";

export type { ClientToServer, ServerToClient } from "../schemas/live";

export interface SocketAccess {
  /** The caller behind a handshake's headers (cookie or `Authorization: Bearer`). */
  authenticate(headers: IncomingHttpHeaders): Promise<Actor | null>;
  /** Why a handshake's Host is refused (a name the server does not answer to), or null. */
  hostRefusal?(host: string | undefined): string | null;
  publicOrigin?: string;
  recheckMs: number;
}

export interface SocketServer {
  io: Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
  close(): Promise<void>;
}

interface SocketData {
  actor: Actor;
  headers: IncomingHttpHeaders;
}

/** Why a connection was refused, as the client's `connect_error` shows it. */
export const UNAUTHENTICATED_SOCKET = "unauthorized: sign in, or connect with an API token as auth.token";

const roleRoom = (role: Role) => `role:${role}`;

export function attachSocketServer(http: HttpServer, stream: EventStream, access: SocketAccess): SocketServer {
  const io = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(http, {
    path: "/socket.io",
    serveClient: false,
    allowRequest: (req, callback) => {
      const misdirected = access.hostRefusal?.(req.headers.host);
      if (misdirected) return callback(misdirected, false);
      const refusal = foreignOrigin({
        host: req.headers.host,
        origin: req.headers.origin,
        secFetchSite: header(req.headers["sec-fetch-site"]),
        publicOrigin: access.publicOrigin,
      });
      callback(refusal, refusal === null);
    },
  });
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const headers =
      typeof token === "string"
        ? { ...socket.request.headers, authorization: `Bearer ${token}` }
        : socket.request.headers;
    access.authenticate(headers).then(
      (actor) => {
        if (!actor) return next(new Error(UNAUTHENTICATED_SOCKET));
        socket.data = { actor, headers };
        void socket.join(roleRoom(actor.role));
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });
  const watching = createWatching(stream);
  io.on("connection", (socket) => {
    socket.on("watch", (target, ack) => watching.watch(socket, target, ack));
    socket.on("unwatch", (target) => watching.unwatch(socket, target));
  });
  const recheck = async () => {
    for (const socket of io.of("/").sockets.values()) {
      const { actor: before, headers } = socket.data;
      // A failed check (database briefly away) keeps the connection as it was.
      const actor = await access.authenticate(headers).catch(() => before);
      if (!actor) {
        socket.disconnect(true);
      } else if (actor.role !== before.role) {
        void socket.leave(roleRoom(before.role));
        void socket.join(roleRoom(actor.role));
        socket.data.actor = actor;
      }
    }
  };
  const timer = setInterval(() => void recheck(), access.recheckMs);
  timer.unref();
  http.once("close", () => clearInterval(timer));

  stream.on((event, eventId) => {
    io.to(roomsOf(event))
      .except(rolesBelow(minimumRoleFor(event)).map(roleRoom))
      .emit("event", { ...event, eventId });
  });
  stream.onGap(() => io.emit("resync", { reason: "gap" }));
  return {
    io,
    close: async () => {
      await withTimeout(io.close(), 1000, undefined);
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
