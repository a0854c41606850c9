/**
 * BullMQ queues of agents, opened on first use and shared (they all use the server's Redis
 * connection). Each open queue holds listeners on that connection and a few objects of its own,
 * and agents come and go with every scale, hibernation and destroyed cluster: a queue not used
 * for `idleMs` is closed. Its jobs stay in Redis; the next use opens it again.
 */
import { Queue } from "bullmq";
import { keys, QUEUE_PREFIX } from "../../infra/keys";
import type { Redis } from "../../infra/redis";

/** How long an agent's queue stays open unused: far longer than any one operation on it. */
export const AGENT_QUEUE_IDLE_MS = 60_000;

export class AgentQueues {
  private readonly queues = new Map<string, { queue: Queue; usedAt: number }>();
  private sweptAt: number;

  constructor(
    private readonly connection: Redis,
    private readonly idleMs = AGENT_QUEUE_IDLE_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.sweptAt = now();
  }

  /** Queues open now. */
  get size(): number {
    return this.queues.size;
  }

  of(agentId: string): Queue {
    const now = this.now();
    if (now - this.sweptAt >= this.idleMs) this.closeIdle(now);
    let open = this.queues.get(agentId);
    if (!open) {
      const queue = new Queue(keys.agentQueue(agentId), { connection: this.connection, prefix: QUEUE_PREFIX });
      queue.on("error", () => {});
      open = { queue, usedAt: now };
      this.queues.set(agentId, open);
    }
    open.usedAt = now;
    return open.queue;
  }

  /** Closes the queues nobody used for `idleMs` (checked at most once per `idleMs`, on use). */
  private closeIdle(now: number): void {
    this.sweptAt = now;
    for (const [agentId, open] of this.queues) {
      if (now - open.usedAt < this.idleMs) continue;
      this.queues.delete(agentId);
      void open.queue.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map(({ queue }) => queue.close().catch(() => {})));
    this.queues.clear();
  }
}
