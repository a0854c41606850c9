/** BullMQ queues of agents, created once and shared (they all use the server's Redis connection). */
import { Queue } from "bullmq";
import { keys, QUEUE_PREFIX } from "../infra/keys";
import type { Redis } from "../infra/redis";

export class AgentQueues {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly connection: Redis) {}

  of(agentId: string): Queue {
    let queue = this.queues.get(agentId);
    if (!queue) {
      queue = new Queue(keys.agentQueue(agentId), { connection: this.connection, prefix: QUEUE_PREFIX });
      queue.on("error", () => {});
      this.queues.set(agentId, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => {})));
    this.queues.clear();
  }
}
