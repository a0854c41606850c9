/**
 * The task series of /metrics, read from PostgreSQL at scrape time: tasks by outcome and
 * in progress, run time and queue wait histograms, retries, dead letters, LLM tokens and cost, per
 * cluster and role. Only clusters that exist are exported, so deleted ones leave no series.
 * A task's role is its agent's, else the role it was sent to, else "none".
 */
import type { Family, Sample } from "../../domain/metrics/exposition";
import { type BucketRow, histogramSeries, SECONDS_BUCKETS } from "../../domain/metrics/histogram";
import { FINISHED_TASK_STATES, OPEN_TASK_STATES } from "../../domain/tasks/task-states";
import { Prisma } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";

const ROLE = Prisma.sql`COALESCE(a.role, CASE WHEN t.target_kind = 'role' THEN t.target_value END, 'none')`;
const LIVE = Prisma.sql`JOIN clusters c ON c.id = t.cluster_id AND c.deleted_at IS NULL
  LEFT JOIN cluster_agents a ON a.id = t.agent_id`;
const BOUNDS = Prisma.sql`${[...SECONDS_BUCKETS]}::float8[]`;

interface StatusRow {
  cluster: string;
  role: string;
  status: string;
  n: number;
}
interface SecondsRow {
  cluster: string;
  role: string;
  bucket: number;
  n: number;
  total: number;
}
interface ClusterCount {
  cluster: string;
  kind: string;
  n: number;
  open: number;
}
interface TokenRow {
  cluster: string;
  role: string;
  prompt: number;
  completion: number;
  cost: number;
}

/** Rows of observations per bucket: `seconds` is a SQL expression over the task `t`, `where` picks the tasks. */
function secondsQuery(db: Database, seconds: Prisma.Sql, where: Prisma.Sql) {
  return db.$queryRaw<SecondsRow[]>`
    SELECT cluster, role, bucket, count(*)::int AS n, sum(seconds)::float8 AS total FROM (
      SELECT t.cluster_id::text AS cluster, ${ROLE} AS role, ${seconds} AS seconds,
        (SELECT count(*) FROM unnest(${BOUNDS}) AS bound WHERE bound < ${seconds})::int AS bucket
      FROM tasks t ${LIVE}
      WHERE ${where}
    ) AS observed
    GROUP BY 1, 2, 3`;
}

const toBuckets = (rows: SecondsRow[]): BucketRow[] =>
  rows.map((r) => ({ labels: { cluster: r.cluster, role: r.role }, bucket: r.bucket, count: r.n, sum: r.total }));

export async function taskFamilies(db: Database): Promise<Family[]> {
  const runSeconds = Prisma.sql`GREATEST(extract(epoch FROM t.finished_at - t.started_at), 0)::float8`;
  const waitSeconds = Prisma.sql`GREATEST(extract(epoch FROM t.started_at - t.created_at), 0)::float8`;
  const [statuses, runs, waits, retries, deadLetters, tokens] = await Promise.all([
    db.$queryRaw<StatusRow[]>`
      SELECT t.cluster_id::text AS cluster, ${ROLE} AS role, t.status::text AS status, count(*)::int AS n
      FROM tasks t ${LIVE} GROUP BY 1, 2, 3`,
    secondsQuery(
      db,
      runSeconds,
      Prisma.sql`t.status IN ('SUCCEEDED', 'FAILED') AND t.started_at IS NOT NULL AND t.finished_at IS NOT NULL`,
    ),
    secondsQuery(db, waitSeconds, Prisma.sql`t.started_at IS NOT NULL`),
    db.$queryRaw<ClusterCount[]>`
      SELECT t.cluster_id::text AS cluster, r.outcome AS kind, count(*)::int AS n, 0 AS open
      FROM task_attempts r JOIN tasks t ON t.id = r.task_id ${LIVE} GROUP BY 1, 2`,
    db.$queryRaw<ClusterCount[]>`
      SELECT coalesce(d.cluster_id, 'none') AS cluster, CASE WHEN d.task_id IS NULL THEN 'control' ELSE 'task' END AS kind,
        count(*)::int AS n, (count(*) FILTER (WHERE d.replayed_at IS NULL))::int AS open
      FROM dead_letters d LEFT JOIN clusters c ON c.id::text = d.cluster_id
      WHERE d.cluster_id IS NULL OR c.deleted_at IS NULL
      GROUP BY 1, 2`,
    db.$queryRaw<TokenRow[]>`
      SELECT t.cluster_id::text AS cluster, ${ROLE} AS role,
        coalesce(sum((t.usage->>'promptTokens')::bigint), 0)::float8 AS prompt,
        coalesce(sum((t.usage->>'completionTokens')::bigint), 0)::float8 AS completion,
        coalesce(sum(t.cost_usd), 0)::float8 AS cost
      FROM tasks t ${LIVE} WHERE t.usage IS NOT NULL GROUP BY 1, 2`,
  ]);
  return [
    {
      type: "counter",
      name: "myzel_tasks_total",
      help: "Tasks finished, by cluster, role and outcome (succeeded, failed, cancelled).",
      samples: byOutcome(statuses),
    },
    {
      type: "gauge",
      name: "myzel_tasks_open",
      help: "Tasks not finished yet, by cluster, role and state (awaiting_approval, pending, queued, running).",
      samples: statuses
        .filter((r) => (OPEN_TASK_STATES as readonly string[]).includes(r.status))
        .map((r) => ({ labels: { cluster: r.cluster, role: r.role, state: r.status.toLowerCase() }, value: r.n })),
    },
    {
      type: "histogram",
      name: "myzel_task_duration_seconds",
      help: "Run time of finished tasks (started → finished), by cluster and role.",
      buckets: SECONDS_BUCKETS,
      series: histogramSeries(toBuckets(runs), SECONDS_BUCKETS),
    },
    {
      type: "histogram",
      name: "myzel_task_queue_wait_seconds",
      help: "Time tasks waited before an agent started them (submitted → started), by cluster and role.",
      buckets: SECONDS_BUCKETS,
      series: histogramSeries(toBuckets(waits), SECONDS_BUCKETS),
    },
    {
      type: "counter",
      name: "myzel_task_retries_total",
      help: "Attempts that did not succeed and sent their task back (error, lost agent or job), by cluster and outcome.",
      samples: retries.map((r) => ({ labels: { cluster: r.cluster, outcome: r.kind }, value: r.n })),
    },
    {
      type: "counter",
      name: "myzel_dead_letters_total",
      help: "Dead letters recorded, by cluster and kind (task: failed for good; control: a rejected control job).",
      samples: deadLetters.map((r) => ({ labels: { cluster: r.cluster, kind: r.kind }, value: r.n })),
    },
    {
      type: "gauge",
      name: "myzel_dead_letters_unreplayed",
      help: "Dead letters not replayed yet, by cluster and kind.",
      samples: deadLetters.map((r) => ({ labels: { cluster: r.cluster, kind: r.kind }, value: r.open })),
    },
    {
      type: "counter",
      name: "myzel_llm_tokens_total",
      help: "LLM tokens used by tasks, by cluster, role and kind (prompt, completion).",
      samples: tokens.flatMap((r) => [
        { labels: { cluster: r.cluster, role: r.role, kind: "prompt" }, value: r.prompt },
        { labels: { cluster: r.cluster, role: r.role, kind: "completion" }, value: r.completion },
      ]),
    },
    {
      type: "counter",
      name: "myzel_cost_usd_total",
      help: "What tasks' model calls cost in US dollars (usage at the model's price), by cluster and role.",
      samples: tokens.map((r) => ({ labels: { cluster: r.cluster, role: r.role }, value: r.cost })),
    },
  ];
}

/**
 * Finished tasks by outcome, with a zero for every outcome a cluster and role has not had yet:
 * `rate()` and `increase()` only see a counter move once it existed before the move.
 */
function byOutcome(rows: readonly StatusRow[]): Sample[] {
  const counts = new Map<string, number>();
  const pairs = new Map<string, { cluster: string; role: string }>();
  for (const row of rows) {
    pairs.set(`${row.cluster}|${row.role}`, { cluster: row.cluster, role: row.role });
    counts.set(`${row.cluster}|${row.role}|${row.status}`, row.n);
  }
  return [...pairs.values()].flatMap(({ cluster, role }) =>
    FINISHED_TASK_STATES.map((status) => ({
      labels: { cluster, role, outcome: status.toLowerCase() },
      value: counts.get(`${cluster}|${role}|${status}`) ?? 0,
    })),
  );
}
