/**
 * What /metrics answers: every server exports its own process figures and whether it leads;
 * only the leader adds the installation-wide series (clusters, agents, tasks, nodes, healing,
 * scaling), so Prometheus scraping several servers never counts anything twice. The queue
 * figures per cluster and role come from the leader's latest metric sample.
 */
import type { CoreDeps } from "../../core/deps";
import type { ClusterSample } from "../../core/metrics/cluster-samples";
import { fleetFamilies } from "../../core/metrics/fleet-families";
import { taskFamilies } from "../../core/metrics/task-families";
import { exposition, type Family } from "../../domain/metrics/exposition";
import { processMetrics } from "../../infra/process-metrics";

interface ExporterDeps {
  core: CoreDeps;
  lease: { isLeader: boolean; epoch: number };
  /** The latest sample of every running cluster. */
  latestSamples(): readonly ClusterSample[];
}

export class PrometheusExporter {
  constructor(private readonly deps: ExporterDeps) {}

  async text(): Promise<string> {
    const { core, lease } = this.deps;
    const started = performance.now();
    const leader = lease.isLeader;
    const installation = leader ? await this.installationFamilies() : [];
    const own: Family[] = [
      {
        type: "gauge",
        name: "myzel_leader",
        help: "1 on the server that leads the control plane (and exports the installation-wide series), 0 on the others.",
        samples: [{ labels: { node: core.nodeId }, value: leader ? 1 : 0 }],
      },
      {
        type: "gauge",
        name: "myzel_metrics_collect_seconds",
        help: "How long this answer took to gather.",
        samples: [{ labels: {}, value: (performance.now() - started) / 1000 }],
      },
    ];
    return `${await processMetrics().metrics()}\n${exposition([...own, ...installation])}`;
  }

  private async installationFamilies(): Promise<Family[]> {
    const { core, lease } = this.deps;
    const samples = this.deps.latestSamples();
    const roles = samples.flatMap((s) => Object.entries(s.roles).map(([role, figures]) => ({ s, role, figures })));
    const [tasks, fleet] = await Promise.all([taskFamilies(core.db), fleetFamilies(core)]);
    return [
      {
        type: "gauge",
        name: "myzel_leader_epoch",
        help: "The leader lease's epoch: it grows by one with every change of leader.",
        samples: [{ labels: {}, value: lease.epoch }],
      },
      {
        type: "gauge",
        name: "myzel_queue_length",
        help: "Tasks waiting for an agent of each running cluster and role (not yet in an agent's hands).",
        samples: roles.map(({ s, role, figures }) => ({
          labels: { cluster: s.clusterId, role },
          value: figures.queueLength,
        })),
      },
      {
        type: "gauge",
        name: "myzel_queue_oldest_wait_seconds",
        help: "How long the oldest task waiting for an agent of each running cluster and role has waited.",
        samples: roles.map(({ s, role, figures }) => ({
          labels: { cluster: s.clusterId, role },
          value: figures.oldestWaitMs / 1000,
        })),
      },
      {
        type: "gauge",
        name: "myzel_queue_wait_target_seconds",
        help: "The longest a task should wait for an agent (MYZEL_QUEUE_WAIT_TARGET_SECONDS); the alert rules compare with it.",
        samples: [{ labels: {}, value: core.settings.QUEUE_WAIT_TARGET_SECONDS }],
      },
      ...tasks,
      ...fleet,
    ];
  }
}
