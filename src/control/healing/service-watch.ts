/**
 * Watches one service (Redis, PostgreSQL) with its own probe: one check at a time, each call
 * of `check()` either starts one or — when the last is still waiting — counts it unanswered.
 * What the checks mean is decided by domain/healing/liveness; this only feeds it.
 */
import {
  freshLiveness,
  judge,
  type LivenessPolicy,
  type LivenessState,
  observe,
  type ProcessState,
  type Verdict,
} from "../../domain/healing/liveness";
import type { LivenessProbe } from "../../infra/liveness-probes";

export class ServiceWatch {
  private state: LivenessState = freshLiveness();
  private inFlight?: object;

  constructor(
    private readonly probe: LivenessProbe,
    private readonly policy: LivenessPolicy,
    private readonly process: () => ProcessState,
  ) {}

  /** One check, due every interval: starts a probe, or counts the one still waiting as unanswered. */
  check(now = Date.now()): void {
    if (this.inFlight) {
      this.state = observe(this.state, "unanswered", now);
      return;
    }
    const token = {};
    this.inFlight = token;
    void this.probe.check().then(
      (outcome) => this.settle(token, outcome),
      () => this.settle(token, "unanswered"),
    );
  }

  verdict(now = Date.now()): Verdict {
    return judge(this.state, this.process(), now, this.policy);
  }

  /** The service was just (re)started: what was observed before says nothing about it. */
  reset(): void {
    this.state = freshLiveness();
    this.inFlight = undefined;
  }

  close(): Promise<void> {
    return this.probe.close();
  }

  private settle(token: object, outcome: Parameters<typeof observe>[1]): void {
    if (this.inFlight !== token) return; // reset meanwhile
    this.inFlight = undefined;
    this.state = observe(this.state, outcome, Date.now());
  }
}
