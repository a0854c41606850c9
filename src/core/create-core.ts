import { channels } from "../infra/bus";
import { AlertOutbox } from "./alerts/alert-outbox";
import type { CoreDeps, InfraDeps } from "./deps";
import { HealingLog } from "./logs/healing-log";
import { ScalingLog } from "./logs/scaling-log";
import { AgentQueues } from "./tasks/agent-queues";
import { Dispatcher } from "./tasks/dispatcher";
import { TaskStore } from "./tasks/task-store";
import { Waiters } from "./tasks/waiters";

/** The core of one server process, built on its adapters. `close()` lets go of its queue connections. */
export function createCore(infra: InfraDeps, nodeId: string): CoreDeps & { close(): Promise<void> } {
  const { db, redis, bus, events, settings, log } = infra;
  const queues = new AgentQueues(redis);
  const alerts = new AlertOutbox({ db, redis, settings, log });
  const tasks = new TaskStore({ db, redis, events, resultTtlSeconds: settings.RESULT_TTL_SECONDS });
  return {
    ...infra,
    tasks,
    queues,
    dispatcher: new Dispatcher({ db, tasks, queues, settings, log }),
    waiters: new Waiters(),
    healingLog: new HealingLog(db, events),
    scalingLog: new ScalingLog(redis, events, settings.METRICS_INTERVAL_MS),
    alerts,
    nodeId,
    requestReconcile: () => void bus.publish(channels.reconcile, { reason: "api" }).catch(() => {}),
    close: async () => {
      await Promise.all([queues.close(), alerts.close()]);
    },
  };
}
