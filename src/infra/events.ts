/**
 * Myzel's event stream: typed events published on the bus so every server instance (and
 * through Socket.IO every browser) sees the same stream.
 */

import type { MyzelEvent } from "../schemas/events";
import { type Bus, type BusPublisher, channels } from "./bus";

export interface EventPublisher {
  publish(event: MyzelEvent): Promise<void>;
}

export function createEventPublisher(bus: BusPublisher): EventPublisher {
  return { publish: (event) => bus.publish(channels.events, event) };
}

export interface EventStream {
  on(listener: (event: MyzelEvent) => void): void;
  /** The subscription was lost and is back (Redis restarted, say): events published meanwhile are gone. */
  onResubscribed(listener: () => void): void;
}

/**
 * The event channel of a bus as a stream for its listeners: Socket.IO, task waiters, caches.
 * Resolves once events flow.
 */
export async function subscribeToEvents(bus: Bus): Promise<EventStream> {
  const listeners: Array<(event: MyzelEvent) => void> = [];
  await bus.subscribe(channels.events, (event) => {
    for (const listener of listeners) listener(event);
  });
  return {
    on: (listener) => void listeners.push(listener),
    onResubscribed: (listener) => bus.onResubscribed(listener),
  };
}
