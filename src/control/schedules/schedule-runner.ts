/**
 * Fires the clusters' schedules on the leading server. Each enabled schedule gets a croner
 * timer (its expression in its timezone); when it fires, services/schedule-runs submits what
 * is due. Whenever a schedule is loaded — at start, on taking the lead, or when its timing
 * changed — the runs missed since its last planned time are dealt with at once, under its
 * missed-run policy. The definitions are read again every SYNC_MS (and on taking the lead),
 * so a change made on any server reaches the leader within that time. A server that does not
 * lead holds no timers.
 */
import { Cron } from "croner";
import type { CoreDeps } from "../../core/deps";
import { every, type Loop } from "../../core/every";
import type { Logger } from "../../infra/logger";
import { runDueSchedule } from "../../services/schedule-runs";

/** How often the leader reads the schedules again: the longest a change waits to take effect. */
export const SCHEDULE_SYNC_MS = 2000;

interface Timer {
  /** What the timer was made from: when it changes, the timer is made again. */
  key: string;
  cron: Cron;
}

export class ScheduleRunner {
  private readonly timers = new Map<string, Timer>();
  private loop?: Loop;
  private readonly log: Logger;

  constructor(
    private readonly deps: CoreDeps,
    private readonly isLeader: () => boolean,
  ) {
    this.log = deps.log.child({ component: "schedules" });
  }

  start(): void {
    this.loop = every(SCHEDULE_SYNC_MS, () => this.sync(), { log: this.log, name: "schedule sync" });
    void this.loop.request();
  }

  /** Read the schedules now (this server just took the lead, say). */
  request(): void {
    void this.loop?.request();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    this.clear();
  }

  private clear(): void {
    for (const timer of this.timers.values()) timer.cron.stop();
    this.timers.clear();
  }

  private async sync(): Promise<void> {
    if (!this.isLeader()) return this.clear();
    const schedules = await this.deps.db.schedule.findMany({
      where: { enabled: true, cluster: { deletedAt: null } },
      select: { id: true, cron: true, timezone: true, lastPlannedAt: true },
    });
    const wanted = new Set(schedules.map((s) => s.id));
    for (const [id, timer] of this.timers) {
      if (wanted.has(id)) continue;
      timer.cron.stop();
      this.timers.delete(id);
    }
    for (const schedule of schedules) {
      const key = `${schedule.cron}\u0000${schedule.timezone}`;
      const known = this.timers.get(schedule.id);
      if (known?.key === key) continue;
      known?.cron.stop();
      this.timers.set(schedule.id, { key, cron: this.timerOf(schedule.id, schedule) });
      // Newly loaded: what was missed since its last planned time is dealt with now.
      await this.fire(schedule.id);
    }
  }

  private timerOf(id: string, spec: { cron: string; timezone: string }): Cron {
    return new Cron(spec.cron, { timezone: spec.timezone, mode: "5-or-6-parts", protect: true, unref: true }, () =>
      this.fire(id),
    );
  }

  private async fire(id: string): Promise<void> {
    if (!this.isLeader()) return;
    try {
      const made = await runDueSchedule(this.deps, id);
      if (made.failed) this.log.warn({ schedule: id, ...made }, "a scheduled run was refused");
    } catch (error) {
      this.log.error({ err: error, schedule: id }, "could not run a schedule");
    }
  }
}
