/**
 * The one loop primitive of the runner and the control plane: a pass on an interval, and on
 * request. Passes never overlap. A tick that finds a pass running is skipped (the interval is a
 * safety net, not a queue); a `request()` during a pass is coalesced into exactly one more pass
 * after it, however many arrive. A pass that throws is logged, never thrown, and the loop goes
 * on. `stop()` waits for the pass in progress, so nothing a pass writes lands after its owner stopped.
 */
import type { Logger } from "../infra/logger";

export interface Loop {
  /** A pass as soon as possible; resolves once a pass that began after this call has finished (or the loop stopped). */
  request(): Promise<void>;
  /** Waits for the pass in progress and the one queued behind it. */
  settled(): Promise<void>;
  /** No more passes; resolves when the pass in progress (if any) has finished. */
  stop(): Promise<void>;
}

export interface EveryOptions {
  log: Pick<Logger, "error">;
  /** Names the loop in the log: "<name> failed". */
  name: string;
}

/** Starts at once: the first tick comes after `ms` (call `request()` for a pass now). */
export function every(ms: number, pass: () => unknown, options: EveryOptions): Loop {
  let running: Promise<void> | undefined;
  let queued: { promise: Promise<void>; resolve: () => void } | undefined;
  let stopped = false;

  const launch = (): Promise<void> => {
    const current = (async () => {
      try {
        await pass();
      } catch (error) {
        options.log.error({ err: error, loop: options.name }, `${options.name} failed`);
      }
    })();
    running = current;
    // Registered before any caller's reaction: `running` moves on to the queued pass first.
    void current.then(() => {
      running = undefined;
      const next = queued;
      queued = undefined;
      if (!next) return;
      if (stopped) next.resolve();
      else void launch().then(next.resolve);
    });
    return current;
  };

  const timer = setInterval(() => {
    if (!stopped && !running) void launch();
  }, ms);

  return {
    request() {
      if (stopped) return Promise.resolve();
      if (!running) return launch();
      if (!queued) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        queued = { promise, resolve };
      }
      return queued.promise;
    },
    async settled() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
