/**
 * Tells reports that really come from the agent they name from forged ones: each agent signs
 * with its own secret (domain/tasks/outcome-signature), which its runner keeps in Redis where no
 * agent's user can read it. Secrets are cached here: one read per agent, again only when a
 * signature does not match (the agent was started again by another runner, with a new secret).
 */
import { verifyReport } from "../../domain/tasks/outcome-signature";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import type { TaskOutcome } from "../../schemas/agent-protocol";

export class ReportSignatures {
  private readonly secrets = new Map<string, string>();

  constructor(private readonly redis: Redis) {}

  /** The outcomes whose signature matches their agent's secret, and those that do not. */
  async check(outcomes: readonly TaskOutcome[]): Promise<{ genuine: TaskOutcome[]; forged: TaskOutcome[] }> {
    const matches = (o: TaskOutcome) => {
      const secret = this.secrets.get(o.agentId);
      return secret !== undefined && verifyReport(secret, o, o.signature);
    };
    // Most reports match a cached secret: each signature is computed once, again only for the doubtful.
    const genuine: TaskOutcome[] = [];
    const doubtful: TaskOutcome[] = [];
    for (const outcome of outcomes) (matches(outcome) ? genuine : doubtful).push(outcome);
    if (!doubtful.length) return { genuine, forged: [] };
    await this.load([...new Set(doubtful.map((o) => o.agentId))]);
    const forged: TaskOutcome[] = [];
    for (const outcome of doubtful) (matches(outcome) ? genuine : forged).push(outcome);
    return { genuine, forged };
  }

  private async load(agentIds: string[]): Promise<void> {
    const values = await this.redis.mget(agentIds.map((id) => keys.agentSecret(id)));
    agentIds.forEach((id, i) => {
      const secret = values[i];
      if (secret) this.secrets.set(id, secret);
      else this.secrets.delete(id);
    });
  }
}
