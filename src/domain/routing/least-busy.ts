import type { Random, RoutableAgent, Router } from "./types";

/** Up to this many agents the exact minimum is cheap; above it, sample two. */
export const EXACT_SCAN_LIMIT = 16;

/**
 * The agent with the lowest relative load (load / concurrency); ties go to the lower load,
 * then to the earlier agent. Above EXACT_SCAN_LIMIT agents it uses "power of two choices":
 * the less loaded of two distinct random agents, O(1) per decision and, unlike one random
 * pick, keeping the busiest agent's load close to the mean.
 */
export function pickLeastBusy(agents: readonly RoutableAgent[], random: Random): RoutableAgent | undefined {
  if (agents.length <= EXACT_SCAN_LIMIT) return scanLeastBusy(agents);
  const first = randomIndex(agents.length, random);
  let second = randomIndex(agents.length - 1, random);
  if (second >= first) second++;
  const [early, late] = first < second ? [first, second] : [second, first];
  return lessBusy(agents[early]!, agents[late]!);
}

export function createLeastBusyRouter(): Router {
  return { pick: (agents, _request, random) => pickLeastBusy(agents, random) };
}

function scanLeastBusy(agents: readonly RoutableAgent[]): RoutableAgent | undefined {
  let best = agents[0];
  for (let i = 1; i < agents.length; i++) best = lessBusy(best!, agents[i]!);
  return best;
}

/** `early` stands earlier in the list, so it wins a full tie. */
function lessBusy(early: RoutableAgent, late: RoutableAgent): RoutableAgent {
  // Cross-multiplied to compare load / concurrency without dividing (concurrency >= 1).
  const diff = late.load * early.concurrency - early.load * late.concurrency;
  if (diff !== 0) return diff < 0 ? late : early;
  return late.load < early.load ? late : early;
}

function randomIndex(length: number, random: Random): number {
  // min() guards a `random` that returns exactly 1.
  return Math.min(length - 1, Math.floor(random() * length));
}
