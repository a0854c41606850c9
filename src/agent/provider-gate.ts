/**
 * An agent's side of its provider's fleet-wide limits: before each call it takes its turn from
 * the limiter in Redis (infra/providers/limiter-scripts), waiting as long as the limiter says;
 * after the call it gives back its slot and corrects the tokens with the usage; a 429 pauses
 * the whole provider. While a task waits, the limiter lists it, so the dashboard can say
 * "waiting for provider".
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { keys } from "../infra/keys";
import { ACQUIRE, SETTLE, SLOW_DOWN, STOP_WAITING } from "../infra/providers/limiter-scripts";
import type { AgentProvider } from "../schemas/provider-api";
import { abortable } from "./runtimes/runtime";

/** The longest single sleep: a limit raised by an admin, or a budget resumed, is noticed within it. */
const MAX_SLEEP_MS = 2_000;

/** What a call used, as the answer says (the model it names is the one priced). */
export interface CallUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export interface ProviderTurn {
  /**
   * The call is over: its slot goes back, the tokens it used replace the estimate, and its cost
   * replaces what its budgets held for it (undefined: no usage known, it counts nothing).
   */
  settle(used: CallUsage | undefined): Promise<void>;
}

export interface CallEstimate {
  taskId: string;
  model: string;
  promptTokens: number;
  answerTokens: number;
  leaseMs: number;
  signal: AbortSignal;
}

export interface ProviderGate {
  /** Waits until every limit of the provider and the cluster's budgets admit a call of this size. */
  take(call: CallEstimate): Promise<ProviderTurn>;
  /** The provider answered 429: everyone waits `ms`. */
  slowDown(ms: number): Promise<void>;
}

type Scripted = Redis & {
  providerAcquire(...args: (string | number)[]): Promise<[number, string]>;
  providerSettle(...args: (string | number)[]): Promise<number>;
  providerSlowDown(...args: (string | number)[]): Promise<number>;
  providerStopWaiting(...args: (string | number)[]): Promise<number>;
};

export function providerGate(redis: Redis, provider: AgentProvider, clusterId: string): ProviderGate {
  const scripted = redis as Scripted;
  if (!("providerAcquire" in scripted)) {
    redis.defineCommand("providerAcquire", { numberOfKeys: 3, lua: ACQUIRE });
    redis.defineCommand("providerSettle", { numberOfKeys: 2, lua: SETTLE });
    redis.defineCommand("providerSlowDown", { numberOfKeys: 1, lua: SLOW_DOWN });
    redis.defineCommand("providerStopWaiting", { numberOfKeys: 1, lua: STOP_WAITING });
  }
  const { name, limits } = provider;
  const state = keys.providerState(name);
  const slots = keys.providerSlots(name);
  const waiting = keys.providerWaiting(name);
  const limitArgs = [
    keys.providerLimits(name),
    limits.requestsPerMinute ?? "",
    limits.tokensPerMinute ?? "",
    limits.concurrentRequests ?? "",
  ];
  const budgetArgs = [keys.clusterBudgetLimits(clusterId), keys.modelPrices];

  return {
    async take({ taskId, model, promptTokens, answerTokens, leaseMs, signal }) {
      const holder = `${taskId}:${randomUUID()}`;
      const tokens = promptTokens + answerTokens;
      try {
        for (;;) {
          const [waitMs] = await scripted.providerAcquire(
            state,
            slots,
            waiting,
            ...limitArgs,
            keys.clusterBudgetHold(clusterId),
            holder,
            taskId,
            tokens,
            leaseMs,
            ...budgetArgs,
            model,
            promptTokens,
            answerTokens,
          );
          if (waitMs === 0) break;
          // A little jitter, so agents told the same time do not all come back at once.
          await abortable(Math.min(MAX_SLEEP_MS, waitMs) + Math.floor(Math.random() * 20), signal);
        }
      } catch (error) {
        await scripted.providerStopWaiting(waiting, taskId).catch(() => {});
        throw error;
      }
      let settled = false;
      return {
        async settle(used) {
          if (settled) return;
          settled = true;
          const correction = used === undefined ? 0 : used.promptTokens + used.completionTokens - tokens;
          await scripted.providerSettle(
            state,
            slots,
            ...limitArgs,
            holder,
            correction,
            ...budgetArgs,
            used?.model ?? model,
            used?.promptTokens ?? 0,
            used?.completionTokens ?? 0,
          );
        },
      };
    },
    async slowDown(ms) {
      await scripted.providerSlowDown(state, ...limitArgs, ms);
    },
  };
}
