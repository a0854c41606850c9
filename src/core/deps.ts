/**
 * The dependency types every layer above infra/ is handed. The server builds them in layer order
 * (infra → core → control and runner → app), so no part is bound late and no layer imports the
 * one above it: services see the control plane only through `ControlPorts`, declared here.
 */
import type { InfraSample } from "../domain/healing/infra-rules";
import type { Settings } from "../env";
import type { Auth } from "../infra/auth/better-auth";
import type { Bus } from "../infra/bus";
import type { Database } from "../infra/database/client";
import type { EventPublisher } from "../infra/events";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";
import type { BackupDto, BackupSettings, BackupVerifyResult } from "../schemas/backup-api";
import type { Drill, DrillStartInput } from "../schemas/drill-api";
import type { HealReportDto } from "../schemas/healing-api";
import type { AlertOutbox } from "./alerts/alert-outbox";
import type { HealingLog } from "./logs/healing-log";
import type { ScalingLog } from "./logs/scaling-log";
import type { AgentQueues } from "./tasks/agent-queues";
import type { Dispatcher } from "./tasks/dispatcher";
import type { TaskStore } from "./tasks/task-store";
import type { Waiters } from "./tasks/waiters";

/** The adapters: storage, the bus and its events, settings and the log. */
export interface InfraDeps {
  db: Database;
  redis: Redis;
  /** This process's typed pub/sub, with its one subscriber connection. */
  bus: Bus;
  settings: Settings;
  events: EventPublisher;
  log: Logger;
}

/** What requests, the leader's loops and the runner stand on. */
export interface CoreDeps extends InfraDeps {
  /** The only writer of task status. */
  tasks: TaskStore;
  /** Routes tasks to agents and puts them on their queues. */
  dispatcher: Dispatcher;
  /** Callers waiting for a task to finish or a cluster to reach a status. */
  waiters: Waiters;
  queues: AgentQueues;
  healingLog: HealingLog;
  scalingLog: ScalingLog;
  /** Turns alerts into webhook deliveries on the alert queue. */
  alerts: AlertOutbox;
  /** This server's runner node id. */
  nodeId: string;
  /** Asks the reconciler (on whichever server leads) to look at clusters now. */
  requestReconcile(): void;
}

/** What the control plane offers to requests; implemented in control/. */
export interface ControlPorts {
  /** Runs every infrastructure check now and heals what it finds (or only says what it would do). */
  heal(options: { actor: string; dryRun: boolean; clusterId?: string }): Promise<HealReportDto>;
  /** This node's latest CPU, memory and disk sample, with Redis and the database checked now. */
  systemSample(): Promise<InfraSample>;
  /** Whether this server's control plane holds the leader lease now. */
  isLeader(): boolean;
  /** /metrics in the Prometheus text format: this process, and the installation's series when it leads. */
  prometheusText(): Promise<string>;
  /** Chaos drills: start one (it runs in the background), read its state or report. */
  drills: { start(input: DrillStartInput, actor: string): Promise<Drill>; get(id: string): Promise<Drill> };
  /** Backups: start one (written in the background), verify an archive, where and when they are written. */
  backups: {
    begin(actor: string): Promise<BackupDto>;
    verify(id: string): Promise<BackupVerifyResult>;
    settings(): BackupSettings;
  };
}

/** Everything a request is handed. */
export interface AppDeps extends CoreDeps {
  auth: Auth;
  control: ControlPorts;
}
