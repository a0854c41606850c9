import type { ClusterStatus } from "@/domain/cluster/lifecycle";
import type { ClusterType } from "@/schemas/blueprint";
import { formatMs } from "./format-values";

/**
 * When an idle cluster sleeps and when a temporary one is removed. Pure, with a reason for
 * the log either way, and `inMs` so a caller can schedule the next look instead of polling.
 */

/** An hour idle, as in cluster-system.md (CLUSTER_IDLE_TIMEOUT=3600). */
export const DEFAULT_IDLE_TIMEOUT_MS = 3_600_000;

export interface TimerVerdict {
  due: boolean;
  reason: string;
  /** How long until it would be due, when only time stands in the way. */
  inMs?: number;
}

export interface HibernateInput {
  type: ClusterType;
  status: ClusterStatus;
  /** Last task submitted, started or finished (ms since the epoch). */
  lastActivityAt: number;
  now: number;
  idleTimeoutMs: number;
  hibernationEnabled: boolean;
  /** Tasks waiting or running; a cluster never sleeps on open work. */
  pendingTasks?: number;
}

export function shouldHibernate(input: HibernateInput): TimerVerdict {
  const { type, status, lastActivityAt, now, idleTimeoutMs, hibernationEnabled, pendingTasks = 0 } = input;
  if (!(idleTimeoutMs > 0))
    throw new RangeError(`shouldHibernate: idleTimeoutMs must be above 0, got ${idleTimeoutMs}`);
  if (!hibernationEnabled) return { due: false, reason: "hibernation is disabled" };
  if (type === "persistent") return { due: false, reason: "persistent clusters never hibernate" };
  if (status !== "ACTIVE") return { due: false, reason: `only ACTIVE clusters hibernate; this one is ${status}` };
  if (pendingTasks > 0) return { due: false, reason: `${pendingTasks} tasks are still open` };
  const idleFor = Math.max(0, now - lastActivityAt);
  if (idleFor < idleTimeoutMs) {
    return {
      due: false,
      reason: `idle for ${formatMs(idleFor)} of ${formatMs(idleTimeoutMs)}`,
      inMs: idleTimeoutMs - idleFor,
    };
  }
  return { due: true, reason: `idle for ${formatMs(idleFor)}, the idle timeout is ${formatMs(idleTimeoutMs)}` };
}

export interface ExpireInput {
  type: ClusterType;
  createdAt: number;
  ttlSeconds: number | null | undefined;
  now: number;
  /** Tasks waiting or running. */
  pendingTasks: number;
}

/** A temporary cluster is removed once its TTL has passed and its work is done, not before. */
export function shouldExpire(input: ExpireInput): TimerVerdict {
  const { type, createdAt, ttlSeconds, now, pendingTasks } = input;
  if (type !== "temporary") return { due: false, reason: `only temporary clusters expire; this one is ${type}` };
  if (ttlSeconds === null || ttlSeconds === undefined) return { due: false, reason: "no ttl_seconds set" };
  const left = createdAt + ttlSeconds * 1000 - now;
  if (left > 0) return { due: false, reason: `TTL ends in ${formatMs(left)}`, inMs: left };
  const passed = `TTL of ${formatMs(ttlSeconds * 1000)} passed ${formatMs(-left)} ago`;
  if (pendingTasks > 0) return { due: false, reason: `${passed}, but ${pendingTasks} tasks are still open` };
  return { due: true, reason: `${passed} and no task is open` };
}
