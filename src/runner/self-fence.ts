/**
 * A runner that can no longer renew its node heartbeat fences itself: before the heartbeat can
 * expire (the moment the control plane may judge the node lost and start its agents elsewhere)
 * it kills its agents and starts nothing, so an agent never runs on two nodes at once and work
 * re-routed meanwhile is never finished or recorded here. It is measured from when the last
 * renewal that succeeded was *sent*: Redis set the expiry no earlier than that. When a beat
 * sent after the fence is written again, it resumes and runs only what is still assigned to it.
 */
import { every, type Loop } from "../core/every";
import type { HealingLog } from "../core/logs/healing-log";
import type { Settings } from "../env";
import type { Logger } from "../infra/logger";

interface SelfFenceDeps {
  nodeId: string;
  settings: Settings;
  log: Logger;
  healingLog: HealingLog;
  killAll(): Promise<number>;
  resume(): void;
}

export class SelfFence {
  fenced = false;
  private lastRenewalSentAt = Date.now();
  private fencedAt = 0;
  private killed = 0;
  /** One beat short of the heartbeat's expiry, so the agents are gone before the node can be judged lost. */
  readonly fenceAfterMs: number;

  constructor(private readonly deps: SelfFenceDeps) {
    const { NODE_HEARTBEAT_INTERVAL_MS: interval, NODE_HEARTBEAT_MISSES: misses } = deps.settings;
    this.fenceAfterMs = interval * (misses - 1);
  }

  start(): Loop {
    this.lastRenewalSentAt = Date.now();
    const interval = this.deps.settings.NODE_HEARTBEAT_INTERVAL_MS;
    return every(Math.max(25, Math.floor(interval / 4)), () => this.check(), {
      log: this.deps.log,
      name: "self-fence",
    });
  }

  /** A heartbeat sent at `sentAt` was written. */
  renewed(sentAt: number): void {
    this.lastRenewalSentAt = Math.max(this.lastRenewalSentAt, sentAt);
    if (!this.fenced || sentAt <= this.fencedAt) return;
    this.fenced = false;
    const durationMs = Date.now() - this.fencedAt;
    this.deps.log.warn({ durationMs }, "heartbeat renewed again: the fence is lifted; running what is still assigned");
    void this.deps.healingLog
      .record({
        kind: "node_fenced",
        severity: "critical",
        subject: `node ${this.deps.nodeId}`,
        nodeId: this.deps.nodeId,
        detail: `could not renew its heartbeat for ${this.fenceAfterMs} ms (cut off from Redis)`,
        action: `stopped its ${this.killed} agents so none ran twice; runs what is still assigned to it again`,
        outcome: "ok",
        durationMs,
      })
      .catch((error: Error) => this.deps.log.warn({ err: error.message }, "could not record the fence"));
    this.deps.resume();
  }

  private async check(): Promise<void> {
    // No grace for a process that stood still: its heartbeat may have expired all the same, and
    // never running an agent twice comes first.
    if (this.fenced || Date.now() - this.lastRenewalSentAt < this.fenceAfterMs) return;
    this.fenced = true;
    this.fencedAt = Date.now();
    this.killed = await this.deps.killAll();
    this.deps.log.error(
      { silentMs: this.fencedAt - this.lastRenewalSentAt, agents: this.killed },
      "cut off from Redis: fenced itself and stopped its agents before its node could be judged lost",
    );
  }
}
