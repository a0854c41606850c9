/**
 * This process's own figures for /metrics (CPU, memory, event-loop lag, GC, handles) from
 * prom-client's default collectors, in one registry per process: several servers in one process
 * (as in tests) share it instead of registering the collectors twice.
 */
import { collectDefaultMetrics, Registry } from "prom-client";

const LINT_FAILURES = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];
const KEY = Symbol.for("myzel.process-metrics");
type Holder = { [KEY]?: Registry };

export function processMetrics(): Registry {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    // Gauges that prom-client names like counters (promtool refuses them); the per-type
    // nodejs_active_handles and nodejs_active_requests say the same.
    for (const name of LINT_FAILURES) registry.removeSingleMetric(name);
    holder[KEY] = registry;
  }
  return holder[KEY];
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
