/**
 * Myzel's configuration: the only module that reads process.env.
 *
 * Every setting has a default, so `npm start` works with nothing set. Settings are read
 * as MYZEL_<NAME>; the names of the original cluster-system design (CLUSTER_<NAME>) are
 * accepted too. A bad value stops start-up with a message naming the variable.
 */

import { isIP } from "node:net";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { normalHostName } from "./domain/auth/hosts";
import { originProblem } from "./domain/http/cors";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./schemas/auth-api";
import { nodeLabelsText } from "./schemas/node-labels";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
    error: "expected true or false",
  })
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
    message: `expected a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`,
  });

/** A comma-separated list whose every entry must pass `item`. */
const list = <T extends z.ZodType<unknown, string>>(item: T, fallback = "") =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const hostName = z.string().transform((value, ctx) => {
  const name = normalHostName(value);
  if (name === null)
    ctx.addIssue({ code: "custom", message: `"${value}" is no host name (no scheme or port: myzel.example.com)` });
  return name ?? value;
});

/** An origin a browser names in `Origin`: scheme, host and port. */
const origin = z.string().transform((value, ctx) => {
  const problem = originProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
  return value.toLowerCase();
});

/** An address or a CIDR block: 10.0.0.1, 10.0.0.0/8, fd00::/8. */
const addressOrBlock = z.string().refine(
  (value) => {
    const [address = "", prefix, extra] = value.split("/");
    const version = isIP(address);
    if (!version || extra !== undefined) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  },
  { message: "expected IP addresses or CIDR blocks, e.g. 10.0.0.1,172.16.0.0/12" },
);

/** Keys are the names without prefix; values are read from MYZEL_<key> (or CLUSTER_<key>). */
const settingsSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(".data"),
  BLUEPRINTS_DIR: z.string().min(1).default("blueprints"),
  /** Where each agent gets a working folder of its own (default: <tmp>/myzel-agents/work). */
  AGENT_HOME: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  AUTO_SCALE_ENABLED: bool.default(true),
  /** Seconds between scaling decisions per cluster (decided right after a metrics sample). */
  AUTO_SCALE_INTERVAL: int(1).default(2),
  MAX_CLUSTERS: int(1).default(50),
  IDLE_TIMEOUT: int(1).default(3600),
  HIBERNATION_ENABLED: bool.default(true),
  /** Cluster types that hibernate when idle (persistent clusters never do). */
  HIBERNATION_TYPES: list(
    z.enum(["department", "project", "temporary"], {
      error: "expected a comma-separated list of department, project, temporary",
    }),
    "department,project,temporary",
  ),
  SHUTDOWN_TIMEOUT_MS: int(100).default(10_000),
  /** PostgreSQL: how long a new connection and a query may take before the request fails (503). */
  DB_CONNECT_TIMEOUT_MS: int(100).default(5000),
  DB_QUERY_TIMEOUT_MS: int(100).default(30_000),
  MAX_BODY_BYTES: int(1024).default(1024 * 1024),
  POSTGRES_BIN_DIR: z.string().optional(),
  /** Agents: the runner inside the server, and `npm run runner`. */
  RUNNER_ENABLED: bool.default(true),
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits, . _ - only")
    .optional(),
  RUNNER_CAPACITY: int(1, 10_000).default(200),
  /** This runner's node labels, `key=value,…` (e.g. gpu=a100,region=eu), matched by blueprints' `placement`. */
  NODE_LABELS: nodeLabelsText.default({}),
  /** A node that joins takes agents off crowded nodes (a rebalance) without being asked. */
  NODE_REBALANCE_ON_JOIN: bool.default(false),
  NODE_HEARTBEAT_INTERVAL_MS: int(100).default(1000),
  /** Beats a runner may miss before it counts as lost: four, so one starved for a moment or a Redis refusing writes for seconds is not. */
  NODE_HEARTBEAT_MISSES: int(2).default(4),
  AGENT_HEARTBEAT_INTERVAL_MS: int(100).default(1000),
  AGENT_READY_TIMEOUT_MS: int(100).default(15_000),
  /** Self-healing: restart backoff and the per-agent circuit breaker. */
  AGENT_RESTART_BASE_MS: int(0).default(200),
  AGENT_RESTART_MAX_MS: int(0).default(30_000),
  AGENT_STABLE_MS: int(100).default(30_000),
  CIRCUIT_THRESHOLD: int(1).default(5),
  CIRCUIT_WINDOW_MS: int(100).default(60_000),
  CIRCUIT_COOLDOWN_MS: int(100).default(30_000),
  AGENT_HEARTBEAT_MISSES: int(1).default(3),
  /** Hung: no heartbeat and no answer to the runner's IPC pings for this long (counted while the runner is responsive). */
  AGENT_HANG_MS: int(200).default(2000),
  AGENT_STOP_GRACE_MS: int(0).default(10_000),
  RECONCILE_INTERVAL_MS: int(50).default(1000),
  LEADER_LEASE_MS: int(300).default(3000),
  /** Infrastructure agent (self-healing-cluster.md thresholds). */
  INFRA_CHECK_INTERVAL_MS: int(100).default(1000),
  /** Redis and PostgreSQL are dead after this many failed checks in a row spanning the window, or no answer at all for the unresponsive time. */
  INFRA_FAILURES: int(1).default(3),
  INFRA_FAILURE_WINDOW_MS: int(0).default(3000),
  INFRA_UNRESPONSIVE_MS: int(1000).default(30_000),
  INFRA_SAMPLE_INTERVAL_MS: int(1000).default(10_000),
  CPU_WARNING_PERCENT: int(1, 100).default(90),
  MEMORY_CRITICAL_PERCENT: int(1, 100).default(85),
  DISK_CRITICAL_PERCENT: int(1, 100).default(90),
  /** Cluster metric samples (dashboard charts, auto-scaling). */
  METRICS_INTERVAL_MS: int(200).default(2000),
  METRICS_RETENTION_DAYS: int(1).default(30),
  /** Tasks. */
  TASK_TIMEOUT_MS: int(1).default(300_000),
  TASK_MAX_ATTEMPTS: int(1, 100).default(3),
  TASK_RETRY_BASE_MS: int(0).default(500),
  TASK_RETRY_MAX_MS: int(0).default(30_000),
  RESULT_TTL_SECONDS: int(1).default(3600),
  DELEGATION_MAX_DEPTH: int(1, 50).default(4),
  DELEGATION_BUDGET: int(1).default(100),
  /** Sign-in, sessions and the first admin. */
  AUTH_SECRET: z.string().min(32, "at least 32 characters").optional(),
  PUBLIC_URL: url(["http", "https"]).optional(),
  /** Host names the server answers to besides its public URL's, localhost and IP addresses (DNS rebinding). */
  ALLOWED_HOSTS: list(hostName),
  /** Origins of web apps that may call the API from the browser with an API token (CORS; exact origins, comma-separated). */
  CORS_ORIGINS: list(origin),
  /** Proxies whose X-Forwarded-For is believed for the client's address (rate limits, audit log). */
  TRUSTED_PROXIES: list(addressOrBlock),
  ADMIN_EMAIL: z.email("expected an email address").optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH)
    .optional(),
  SESSION_TTL_HOURS: int(1, 24 * 365).default(24 * 7),
  SIGN_IN_ATTEMPTS: int(1).default(10),
  SIGN_IN_WINDOW_SECONDS: int(1).default(60),
  /** Failed sign-ins per account (from any address) before it waits for the window: slows distributed guessing. */
  SIGN_IN_ACCOUNT_FAILURES: int(1).default(10),
  SIGN_IN_ACCOUNT_WINDOW_SECONDS: int(1).default(900),
  /** Live events kept in Redis for clients that reconnect and resume (trimmed approximately). */
  EVENT_HISTORY: int(100, 10_000_000).default(10_000),
  /** How often open Socket.IO connections are authenticated again. */
  SOCKET_RECHECK_MS: int(100).default(30_000),
  /** /metrics (Prometheus): a scrape token, addresses that may scrape without one, and the queue-wait target its alert rules compare with. Any API token works too. */
  METRICS_TOKEN: z.string().min(32, "at least 32 characters").optional(),
  METRICS_ALLOW: list(addressOrBlock),
  QUEUE_WAIT_TARGET_SECONDS: int(1).default(60),
  /** Alert webhooks: attempts per delivery and the first retry's delay (doubling after each). */
  ALERT_ATTEMPTS: int(1, 20).default(8),
  ALERT_RETRY_BASE_MS: int(10).default(2000),
  /** Backups: where archives go (default `backups` beside the data folder), a cron schedule, how many verified ones to keep, WAL archiving of the embedded PostgreSQL for point-in-time recovery and its size cap. */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_SCHEDULE: z
    .string()
    .trim()
    .regex(/^\S+(\s+\S+){4,5}$/, "expected a cron expression of 5 or 6 fields, e.g. 0 3 * * *")
    .optional(),
  BACKUP_RETAIN: int(1, 10_000).default(7),
  WAL_ARCHIVE: bool.default(true),
  WAL_ARCHIVE_MAX_MB: int(16).default(2048),
  /** Shared memory: the largest value (its JSON) and document text kept, and how long a destroyed cluster's memory stays. */
  MEMORY_MAX_VALUE_BYTES: int(16, 16_777_216).default(65_536),
  MEMORY_MAX_DOCUMENT_BYTES: int(16, 16_777_216).default(262_144),
  MEMORY_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(30),
  /** The planner: an OpenAI-compatible endpoint (…/v1) that proposes blueprints from a goal, its model and key, how often a model may try, and how long one answer may take. Without a URL, the closest shipped template is adapted instead. */
  PLANNER_URL: url(["http", "https"]).optional(),
  PLANNER_MODEL: z.string().trim().min(1).max(200).default("gpt-4o-mini"),
  PLANNER_API_KEY: z.string().min(1).optional(),
  PLANNER_ATTEMPTS: int(1, 10).default(3),
  PLANNER_TIMEOUT_MS: int(1000).default(120_000),
});

/** Settings whose values never appear in an error message or a child process. */
const SECRET_SETTINGS = new Set(["AUTH_SECRET", "ADMIN_PASSWORD", "METRICS_TOKEN", "PLANNER_API_KEY"]);

/** Unprefixed variables with a meaning of their own (12-factor conventions). */
const plainSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: url(["postgres", "postgresql"]).optional(),
  REDIS_URL: url(["redis", "rediss"]).optional(),
  /** OpenTelemetry's own variable: where the server, runners and agents export their spans (off when unset). */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(["http", "https"]).optional(),
});

export type Settings = z.infer<typeof settingsSchema> &
  z.infer<typeof plainSchema> & {
    /** Absolute data directory (embedded PostgreSQL and Redis live here). */
    dataDir: string;
    blueprintsDir: string;
    /** Absolute folder holding each agent's working folder, outside the data directory. */
    agentHomeDir: string;
    dev: boolean;
  };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export type EnvSource = Record<string, string | undefined>;

export function loadSettings(source: EnvSource = process.env, cwd = process.cwd()): Settings {
  const values: Record<string, string | undefined> = {};
  const names: Record<string, string> = {};
  for (const key of Object.keys(settingsSchema.shape)) {
    const candidates = [`MYZEL_${key}`, `CLUSTER_${key}`, ...(key === "PORT" ? ["PORT"] : [])];
    const name = candidates.find((candidate) => emptyToUndefined(source[candidate]) !== undefined);
    names[key] = name ?? candidates[0]!;
    values[key] = name ? source[name] : undefined;
  }
  const plainInput = {
    NODE_ENV: emptyToUndefined(source.NODE_ENV),
    DATABASE_URL: emptyToUndefined(source.DATABASE_URL),
    REDIS_URL: emptyToUndefined(source.REDIS_URL),
    OTEL_EXPORTER_OTLP_ENDPOINT: emptyToUndefined(source.OTEL_EXPORTER_OTLP_ENDPOINT),
  };
  const settings = settingsSchema.safeParse(values);
  const plain = plainSchema.safeParse(plainInput);
  const shown = (key: string) => (SECRET_SETTINGS.has(key) ? "(hidden)" : JSON.stringify(values[key]));
  const problems = [
    ...(settings.success
      ? []
      : settings.error.issues.map((i) => `${names[String(i.path[0])]}=${shown(String(i.path[0]))}: ${i.message}`)),
    ...(settings.success && Boolean(settings.data.ADMIN_EMAIL) !== Boolean(settings.data.ADMIN_PASSWORD)
      ? ["MYZEL_ADMIN_EMAIL and MYZEL_ADMIN_PASSWORD: set both, or neither"]
      : []),
    ...(plain.success ? [] : plain.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`)),
  ];
  if (problems.length || !settings.success || !plain.success) throw new ConfigError(problems);
  const dataDir = path.resolve(cwd, settings.data.DATA_DIR);
  const agentHomeDir = settings.data.AGENT_HOME
    ? path.resolve(cwd, settings.data.AGENT_HOME)
    : path.join(os.tmpdir(), "myzel-agents", "work");
  // Agents cannot enter the data folder (it holds the server's secrets), so their folders live elsewhere.
  if (`${agentHomeDir}/`.startsWith(`${dataDir}/`))
    throw new ConfigError([
      `${names.AGENT_HOME}=${JSON.stringify(agentHomeDir)}: must be outside the data folder ${dataDir}`,
    ]);
  return {
    ...settings.data,
    ...plain.data,
    dataDir,
    agentHomeDir,
    blueprintsDir: path.resolve(cwd, settings.data.BLUEPRINTS_DIR),
    dev: plain.data.NODE_ENV === "development",
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

let cached: Settings | undefined;

/** The process's settings, read once. */
export function env(): Settings {
  cached ??= loadSettings();
  return cached;
}

/** Environment for processes Myzel starts itself (redis-server, postgres, agents): no secrets. */
export function childProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ["PATH", "LANG", "LC_ALL", "TZ", "HOME", "TMPDIR"];
  const base: EnvSource = {};
  for (const key of keep) if (process.env[key] !== undefined) base[key] = process.env[key];
  // Cast: Next's typings make NODE_ENV mandatory, and these processes do not need it.
  return { ...base, ...extra } as NodeJS.ProcessEnv;
}

/**
 * The server's own secrets: never handed to an agent, even when a blueprint names them
 * (an agent runs whatever its blueprint says, so it must not hold the keys to Myzel).
 */
export function isServerSecret(name: string): boolean {
  if (name === "DATABASE_URL" || name === "REDIS_URL") return true;
  const key = name.replace(/^(MYZEL|CLUSTER)_/, "");
  return key !== name && SECRET_SETTINGS.has(key);
}

/** Values of the named variables of this process, for agents whose blueprint allows them. */
export function passThroughEnv(names: readonly string[], source: EnvSource = process.env): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    if (isServerSecret(name)) continue;
    const value = source[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
