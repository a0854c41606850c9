/**
 * Myzel's event stream: typed events published through Redis so every server instance
 * (and through Socket.IO every browser) sees the same stream.
 */
import type { Redis } from "./redis";
import { EVENTS_CHANNEL, myzelEvent, type MyzelEvent } from "../schemas/events";

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

/** Subscribes on a dedicated connection (a subscribed connection can do nothing else). */
export function subscribeToEvents(subscriber: Redis, onEvent: (event: MyzelEvent) => void, onInvalid: (raw: string) => void): Promise<unknown> {
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== EVENTS_CHANNEL) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return onInvalid(raw);
    }
    const result = myzelEvent.safeParse(parsed);
    if (result.success) onEvent(result.data);
    else onInvalid(raw);
  });
  return subscriber.subscribe(EVENTS_CHANNEL);
}
