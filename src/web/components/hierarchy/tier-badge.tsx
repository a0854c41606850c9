import clsx from "clsx";
import type { AgentTier } from "../../lib/api-types";
import { Badge, type Tone } from "../ui/badge";

/** Rank colours, from the supervisor down to workers; also the accent on agent cards. */
export const TIER_STYLE: Record<AgentTier, { tone: Tone; accent: string }> = {
  supervisor: { tone: "violet", accent: "border-l-violet-500" },
  lead: { tone: "sky", accent: "border-l-sky-500" },
  specialist: { tone: "amber", accent: "border-l-amber-500" },
  worker: { tone: "neutral", accent: "border-l-zinc-300 dark:border-l-zinc-600" },
};

export function TierBadge({ tier, className }: { tier: AgentTier; className?: string }) {
  return (
    <Badge tone={TIER_STYLE[tier].tone} className={clsx("capitalize", className)}>
      {tier}
    </Badge>
  );
}
