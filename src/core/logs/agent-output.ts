/**
 * Each agent's output (its process's stdout and stderr), kept in a capped Redis stream per agent
 * so a person can read what it wrote: the newest `OUTPUT_KEPT_LINES` lines, each at most
 * `OUTPUT_LINE_MAX` characters, secrets masked before they are stored, expiring a week after the
 * last write. Lines are written in batches: an agent printing in a tight loop costs one round
 * trip per flush, and what waits for a flush is bounded too.
 */
import { redactSecrets } from "../../domain/agent-output/redact-secrets";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import type { AgentOutputLine, OUTPUT_STREAMS } from "../../schemas/agent-output-api";

export const OUTPUT_KEPT_LINES = 1000;
export const OUTPUT_LINE_MAX = 1000;
const FLUSH_MS = 200;
/** Lines waiting for a flush per agent; beyond this the oldest are dropped and counted. */
const PENDING_MAX = 2000;
const EXPIRE_SECONDS = 7 * 24 * 3600;

type Stream = (typeof OUTPUT_STREAMS)[number];
type Pending = { lines: Array<{ stream: Stream; text: string; at: number }>; dropped: number };

export class AgentOutputLog {
  private readonly pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(private readonly redis: Redis) {}

  append(agentId: string, stream: Stream, lines: readonly string[]): void {
    if (!lines.length) return;
    const entry = this.pending.get(agentId) ?? { lines: [], dropped: 0 };
    const at = Date.now();
    for (const text of lines) entry.lines.push({ stream, text: redactSecrets(text), at });
    const excess = entry.lines.length - PENDING_MAX;
    if (excess > 0) {
      entry.lines.splice(0, excess);
      entry.dropped += excess;
    }
    this.pending.set(agentId, entry);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what waits (also on stop); a Redis that is away loses this batch, not the process. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    if (!this.pending.size) return;
    const batch = [...this.pending];
    this.pending.clear();
    const pipeline = this.redis.pipeline();
    for (const [agentId, { lines, dropped }] of batch) {
      const key = keys.agentOutput(agentId);
      const add = (stream: Stream, text: string, at: number) =>
        pipeline.xadd(key, "MAXLEN", "~", OUTPUT_KEPT_LINES, "*", "s", stream, "t", text, "at", String(at));
      if (dropped) add("stderr", `[${dropped} lines not kept: written faster than they could be stored]`, Date.now());
      for (const line of lines) add(line.stream, line.text, line.at);
      pipeline.expire(key, EXPIRE_SECONDS);
    }
    this.flushing = pipeline.exec().then(
      () => undefined,
      () => undefined,
    );
    await this.flushing;
  }

  async remove(agentId: string): Promise<void> {
    await this.redis.del(keys.agentOutput(agentId));
  }
}

/** The newest `limit` lines, or the lines after `after` (oldest first). */
export async function readAgentOutput(redis: Redis, agentId: string, options: { after?: string; limit: number }) {
  const key = keys.agentOutput(agentId);
  const entries = options.after
    ? await redis.xrange(key, `(${options.after}`, "+", "COUNT", options.limit)
    : (await redis.xrevrange(key, "+", "-", "COUNT", options.limit)).reverse();
  const lines = entries.map(([id, fields]) => toLine(id, fields));
  return { lines, next: lines.at(-1)?.id ?? options.after ?? null };
}

function toLine(id: string, fields: string[]): AgentOutputLine {
  const field = (name: string) => {
    const at = fields.indexOf(name);
    return at >= 0 && at % 2 === 0 ? (fields[at + 1] ?? "") : "";
  };
  const stream = field("s") === "stderr" ? "stderr" : "stdout";
  const written = Number(field("at")) || Number(id.split("-")[0]);
  return { id, at: new Date(written).toISOString(), stream, text: field("t") };
}
