/**
 * Myzel's event stream: typed events published through Redis so every server instance
 * (and through Socket.IO every browser) sees the same stream.
 */

import { EVENTS_CHANNEL, type MyzelEvent, myzelEvent } from "../schemas/events";
import type { Redis } from "./redis";

export interface EventPublisher {
  publish(event: MyzelEvent): Promise<void>;
}

export function createEventPublisher(redis: Redis): EventPublisher {
  return {
    async publish(event) {
      await redis.publish(EVENTS_CHANNEL, JSON.stringify(myzelEvent.parse(event)));
    },
  };
}

export interface EventStream {
  on(listener: (event: MyzelEvent) => void): void;
  /** The subscription was lost and is back (Redis restarted, say): events published meanwhile are gone. */
  onResubscribed(listener: () => void): void;
}

/**
 * Subscribes on a dedicated connection (a subscribed connection can do nothing else) and
 * hands every valid event to the listeners: Socket.IO, task waiters, caches.
 */
export async function subscribeToEvents(subscriber: Redis, onInvalid: (raw: string) => void): Promise<EventStream> {
  const listeners: Array<(event: MyzelEvent) => void> = [];
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== EVENTS_CHANNEL) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return onInvalid(raw);
    }
    const result = myzelEvent.safeParse(parsed);
    if (!result.success) return onInvalid(raw);
    for (const listener of listeners) listener(result.data);
  });
  const resubscribed: Array<() => void> = [];
  let subscribed = false;
  // ioredis subscribes again by itself on reconnecting; waiting for our own subscribe to be
  // answered tells when events flow again.
  subscriber.on("ready", () => {
    if (!subscribed) return;
    subscriber.subscribe(EVENTS_CHANNEL).then(
      () => {
        for (const listener of resubscribed) listener();
      },
      () => {},
    );
  });
  await subscriber.subscribe(EVENTS_CHANNEL);
  subscribed = true;
  return {
    on: (listener) => void listeners.push(listener),
    onResubscribed: (listener) => void resubscribed.push(listener),
  };
}
