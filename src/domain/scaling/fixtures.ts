import { readFileSync } from "node:fs";
import { formatIssue, parseBlueprint } from "@/domain/blueprint/parse-blueprint";
import { type Blueprint, blueprintSchema } from "@/schemas/blueprint";
import type { ScalingSample } from "./scaling-signals";

/** A supervisor and a worker role that may grow from 1 to 19: sizes 2 to 20. */
export function scalingBlueprint(scaling?: Record<string, unknown>, cluster: Record<string, unknown> = {}): Blueprint {
  return blueprintSchema.parse({
    metadata: { id: "scaling-test", name: "Scaling test", version: "1" },
    cluster: { type: "department", min_workers: 2, max_workers: 20, ...cluster, ...(scaling ? { scaling } : {}) },
    agents: [
      { role: "supervisor", name: "Supervisor" },
      { role: "worker", name: "Worker", count: "1-19", reports_to: "supervisor" },
    ],
  });
}

/** A sample of `running` agents, `busy` of them busy, one task slot each. */
export function sample(
  at: number,
  fields: Partial<ScalingSample> & { busy?: number; running?: number } = {},
): ScalingSample {
  const { busy = 2, running = 4, ...rest } = fields;
  return {
    at,
    queueLength: 0,
    busyAgents: busy,
    idleAgents: running - busy,
    runningAgents: running,
    loadPercent: running > 0 ? (busy / running) * 100 : 0,
    avgResponseMs: null,
    ...rest,
  };
}

/** One sample every `everyMs` up to `now`, all alike. */
export function steadySamples(
  now: number,
  spanMs: number,
  fields: Parameters<typeof sample>[1],
  everyMs = 5000,
): ScalingSample[] {
  const samples: ScalingSample[] = [];
  for (let at = now - spanMs; at <= now; at += everyMs) samples.push(sample(at, fields));
  return samples;
}

/** blueprints/marketing.yaml: three fixed roles (supervisor, two leads) and four with ranges from 0. */
export function marketingBlueprint(): Blueprint {
  const result = parseBlueprint(readFileSync(new URL("../../../blueprints/marketing.yaml", import.meta.url), "utf8"));
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
  return result.blueprint;
}
