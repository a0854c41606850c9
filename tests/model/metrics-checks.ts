/**
 * /metrics against the model: for every live cluster, the finished tasks Prometheus would count
 * (myzel_tasks_total, summed over roles) are the model's tasks that ended, outcome by outcome.
 * Every task of a model run is the model's, so the two must agree exactly.
 */
import type { Api } from "./api";
import { FINISHED } from "./api";
import { InvariantError } from "./checks";
import type { LifecycleModel } from "./model";

const SAMPLE = /^myzel_tasks_total\{cluster="([^"]+)",role="[^"]*",outcome="(\w+)"\} (\d+)$/;

async function exportedCounts(api: Api): Promise<Map<string, number> | null> {
  const response = await fetch(`${api.target.url}/metrics`, {
    headers: { authorization: `Bearer ${api.target.token}` },
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new InvariantError(
      "metrics-task-counters",
      `expected /metrics to answer 200, observed ${response.status}: ${text.slice(0, 200)}`,
    );
  // Only the leader exports the installation's series; a standby's answer has none to compare.
  if (!/^myzel_leader\{[^}]*\} 1$/m.test(text)) return null;
  const counts = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = SAMPLE.exec(line);
    if (match) counts.set(`${match[1]}|${match[2]}`, (counts.get(`${match[1]}|${match[2]}`) ?? 0) + Number(match[3]));
  }
  return counts;
}

async function modelCounts(api: Api, model: LifecycleModel, clusterId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const record of model.tasks.filter((t) => t.clusterId === clusterId)) {
    const task = await api.waitTask(record.id, 0);
    if (!FINISHED.includes(task.status)) continue;
    const key = `${clusterId}|${task.status.toLowerCase()}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Bounded: a task the model reads as finished may reach the counters a moment later (or the other way). */
export async function checkTaskCounters(api: Api, model: LifecycleModel): Promise<void> {
  let gap = "";
  for (let attempt = 0; attempt < 10; attempt++) {
    const exported = await exportedCounts(api);
    if (!exported) return;
    gap = "";
    for (const c of model.live()) {
      const expected = await modelCounts(api, model, c.id);
      for (const outcome of FINISHED) {
        const key = `${c.id}|${outcome.toLowerCase()}`;
        const want = expected.get(key) ?? 0;
        const got = exported.get(key) ?? 0;
        if (want !== got) gap += `${c.name} ${outcome}: model ${want}, /metrics ${got}; `;
      }
    }
    if (!gap) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new InvariantError(
    "metrics-task-counters",
    `expected myzel_tasks_total to match the model's finished tasks: ${gap}`,
  );
}
