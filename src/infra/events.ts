/**
 * Myzel's event stream: typed events appended to one Redis stream, which every server instance
 * follows. The stream's entry id is each event's id, given by Redis as it appends (one writer per
 * entry, whichever process published), so every server and every client sees the same ids in
 * the same order. The stream keeps the last `history` events (trimmed approximately, which
 * costs Redis nearly nothing): a server that lost its connection, and a client that lost its
 * own, take up where they were from there; further back, they are told to fetch again.
 */

import { eventsWire } from "../schemas/bus";
import type { MyzelEvent } from "../schemas/events";
import { compareEventIds } from "../schemas/live";
import { keys } from "./keys";
import type { Redis } from "./redis";

/** The default length of the history: about a minute at a thousand events a second. */
export const DEFAULT_EVENT_HISTORY = 10_000;
const FIELD = "event";
const PAGE = 1000;

export interface EventPublisher {
  /** Appends the event; resolves with its id. */
  publish(event: MyzelEvent): Promise<string>;
}

/** Publishing over any command connection; `history` is how many events the stream keeps. */
export function createEventPublisher(redis: Redis, history = DEFAULT_EVENT_HISTORY): EventPublisher {
  return {
    publish: async (event) =>
      (await redis.xadd(keys.events, "MAXLEN", "~", history, "*", FIELD, eventsWire.encode(event))) as string,
  };
}

export interface StreamedEvent {
  id: string;
  event: MyzelEvent;
}

export interface EventStream {
  on(listener: (event: MyzelEvent, id: string) => void): void;
  /** Part of the stream was lost to this server (Redis lost data, or it fell behind the history). */
  onGap(listener: () => void): void;
  /** The id of the last event handed to the listeners ("0-0" before the first). */
  position(): string;
  /**
   * The events after `after` up to `upto` (both ids), at most one page, and the id of the last
   * entry read (`after` if none): null when `after` is no longer in the history (or never was),
   * so what followed it cannot be told.
   */
  after(after: string, upto: string): Promise<{ events: StreamedEvent[]; through: string } | null>;
  close(): void;
}

export interface EventStreamLog {
  warn(details: object, message: string): void;
}

type Entries = Array<[id: string, fields: string[]]>;

/**
 * Follows the stream from its current end on a connection of its own (a blocking read holds
 * it). Resolves once it knows where the end is.
 */
export async function followEvents(redis: Redis, log: EventStreamLog): Promise<EventStream> {
  const listeners: Array<(event: MyzelEvent, id: string) => void> = [];
  const gapListeners: Array<() => void> = [];
  // A read cut off by a lost connection fails instead of being sent again: the next read then
  // checks that nothing was lost meanwhile.
  const reader = redis.duplicate({ connectionName: "myzel:events", maxRetriesPerRequest: 0 });
  reader.on("error", (error: Error) => log.warn({ err: error.message }, "event stream reader error"));
  const newest = (await redis.xrevrange(keys.events, "+", "-", "COUNT", 1)) as Entries;
  let last = newest[0]?.[0] ?? "0-0";
  let stopped = false;

  const decode = (id: string, fields: string[]): MyzelEvent | undefined => {
    const raw = fields[fields.indexOf(FIELD) + 1] ?? "";
    const decoded = eventsWire.safeDecode(raw);
    if (decoded.success) return decoded.data;
    log.warn({ id, raw: raw.slice(0, 200) }, "ignored a malformed entry on the event stream");
    return undefined;
  };
  const deliver = (entries: Entries) => {
    for (const [id, fields] of entries) {
      last = id;
      const event = decode(id, fields);
      if (!event) continue;
      for (const listener of listeners) {
        try {
          listener(event, id);
        } catch (error) {
          log.warn({ err: error instanceof Error ? error.message : String(error) }, "an event listener failed");
        }
      }
    }
  };
  /** From `last` on, checking it is still there: anything else means entries after it are gone. */
  const readChecked = async (): Promise<Entries> => {
    const entries = (await reader.xrange(keys.events, last, "+", "COUNT", PAGE + 1)) as Entries;
    if (last === "0-0") return entries;
    if (entries[0]?.[0] === last) return entries.slice(1);
    log.warn({ last }, "the event stream lost entries this server had not read: clients are told to fetch again");
    for (const listener of gapListeners) listener();
    // What the stream holds now was never delivered here.
    last = "0-0";
    return (await reader.xrange(keys.events, "-", "+", "COUNT", PAGE)) as Entries;
  };

  let failing = false;
  const loop = async () => {
    // Caught up, a blocking read waits for what comes next; behind (after a full page, or a lost
    // connection), each read first checks that nothing between was trimmed away.
    let caughtUp = true;
    while (!stopped) {
      try {
        let entries: Entries;
        if (caughtUp) {
          const reply = (await reader.xread("COUNT", PAGE, "BLOCK", 5000, "STREAMS", keys.events, last)) as Array<
            [string, Entries]
          > | null;
          entries = reply?.[0]?.[1] ?? [];
        } else {
          entries = await readChecked();
        }
        caughtUp = entries.length < PAGE;
        failing = false;
        deliver(entries);
      } catch (error) {
        if (stopped) return;
        caughtUp = false;
        if (!failing) log.warn({ err: (error as Error).message }, "reading the event stream failed; retrying");
        failing = true;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  void loop();

  return {
    on: (listener) => void listeners.push(listener),
    onGap: (listener) => void gapListeners.push(listener),
    position: () => last,
    async after(after, upto) {
      const end = compareEventIds(after, upto) >= 0 ? after : upto;
      const entries = (await redis.xrange(keys.events, after, end, "COUNT", PAGE + 1)) as Entries;
      if (entries[0]?.[0] !== after) return null;
      const events = entries.slice(1).flatMap(([id, fields]) => {
        const event = decode(id, fields);
        return event ? [{ id, event }] : [];
      });
      return { events, through: entries.at(-1)![0] };
    },
    close: () => {
      stopped = true;
      reader.disconnect();
    },
  };
}
