/**
 * The AsyncAPI 3 document of the live events over Socket.IO, generated from the same zod schemas
 * the server checks and sends with (schemas/events.ts, schemas/live.ts), so it cannot drift.
 */
import { z } from "zod";
import { myzelEvent } from "../schemas/events";
import { eventId, resyncNotice, unwatchRequest, watchReply, watchRequest } from "../schemas/live";

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io: "output" }) as JsonSchema;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const message = (name: string, title: string, summary: string, payload: JsonSchema) => ({
  name,
  title,
  summary,
  contentType: "application/json",
  payload,
});

/** Every event type as a named schema, e.g. "cluster.status". */
function eventSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    myzelEvent.options.map((option) => [option.shape.type.value, schemaOf(option.extend({ eventId }))]),
  );
}

let cached: JsonSchema | undefined;

export function asyncApiDocument(baseUrl: string): JsonSchema {
  const events = eventSchemas();
  cached ??= {
    asyncapi: "3.0.0",
    info: {
      title: "Myzel live events",
      version: "0.1.0",
      description: [
        "Myzel pushes what happens — agent states, task transitions, scaling, healing, lifecycle moves, samples — over Socket.IO (path `/socket.io`, default namespace).",
        "",
        "1. **Connect** with a signed-in session cookie, or an API token as the handshake's `auth.token`. A refused handshake fails with `unauthorized: …`.",
        "2. **watch** a cluster (`{ clusterId }`) or every cluster (`{ all: true }`). Its acknowledgement gives `lastEventId`, the position in the stream.",
        "3. **event** messages follow, each with its `eventId`: ids only grow along the stream, and are the same on every server.",
        "4. **Resume**: after a reconnect, watch again with `after: <the last eventId you saw>`. The events you missed are sent first, in order and once, then the acknowledgement, then live events. If `after` is older than the server's history (the last events it keeps), a **resync** comes instead: fetch what you show again.",
        "5. **resync** also comes when the server itself lost part of the stream.",
        "",
        "The typed client (`createMyzelClient(…).events(target)`) does all of this by itself.",
      ].join("\n"),
    },
    defaultContentType: "application/json",
    servers: {
      myzel: {
        host: "localhost",
        protocol: "ws",
        pathname: "/socket.io",
        description: "Socket.IO (engine.io 4) on the Myzel server's own port.",
        security: [{ $ref: "#/components/securitySchemes/token" }],
      },
    },
    channels: {
      live: {
        address: "/",
        title: "Live events",
        description: "The default Socket.IO namespace. Rooms: one per cluster, and one for every cluster.",
        messages: {
          watch: { $ref: "#/components/messages/watch" },
          watchAck: { $ref: "#/components/messages/watchAck" },
          unwatch: { $ref: "#/components/messages/unwatch" },
          event: { $ref: "#/components/messages/event" },
          resync: { $ref: "#/components/messages/resync" },
        },
      },
    },
    operations: {
      watch: {
        action: "receive",
        channel: { $ref: "#/channels/live" },
        summary: "Start receiving a cluster's events, or every cluster's; resume with `after`.",
        messages: [{ $ref: "#/channels/live/messages/watch" }],
        reply: { channel: { $ref: "#/channels/live" }, messages: [{ $ref: "#/channels/live/messages/watchAck" }] },
      },
      unwatch: {
        action: "receive",
        channel: { $ref: "#/channels/live" },
        summary: "Stop receiving a target's events.",
        messages: [{ $ref: "#/channels/live/messages/unwatch" }],
      },
      event: {
        action: "send",
        channel: { $ref: "#/channels/live" },
        summary: "One event, to the rooms it concerns and the roles that may see it.",
        messages: [{ $ref: "#/channels/live/messages/event" }],
      },
      resync: {
        action: "send",
        channel: { $ref: "#/channels/live" },
        summary: "Events were lost and cannot be sent again: fetch what is shown again.",
        messages: [{ $ref: "#/channels/live/messages/resync" }],
      },
    },
    components: {
      securitySchemes: {
        token: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token (myzel_…) as the Socket.IO handshake's `auth.token`, or `Authorization: Bearer …`, or a signed-in session cookie.",
        },
      },
      schemas: { EventId: schemaOf(eventId), ...events },
      messages: {
        watch: message("watch", "Watch", "Client → server; acknowledged with watchAck.", schemaOf(watchRequest)),
        watchAck: message("watchAck", "Watch acknowledgement", "The reply to watch.", schemaOf(watchReply)),
        unwatch: message("unwatch", "Unwatch", "Client → server.", schemaOf(unwatchRequest)),
        event: message("event", "Event", "Server → client, one per event, with its eventId.", {
          oneOf: Object.keys(events).map(ref),
          discriminator: "type",
        }),
        resync: message("resync", "Resync", "Server → client.", schemaOf(resyncNotice)),
      },
    },
  };
  const servers = cached.servers as { myzel: JsonSchema };
  const url = new URL(baseUrl);
  return {
    ...cached,
    servers: { myzel: { ...servers.myzel, host: url.host, protocol: url.protocol === "https:" ? "wss" : "ws" } },
  };
}
