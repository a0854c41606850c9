"use client";
import { parseAsString, parseAsStringLiteral } from "nuqs";
import { HEALING_KINDS } from "@/domain/healing/vocabulary";
import { healingListInput } from "@/schemas/healing-api";
import { HEALING_OUTCOMES } from "../components/ui/statuses";
import { useFilterParams } from "./use-filter-params";

export const HEALING_SEVERITIES = healingListInput.shape.severity.unwrap().options;
export const HEALING_ACTORS = healingListInput.shape.actor.unwrap().options;

/** The time windows the healing history can be narrowed to. */
export const HEALING_WINDOWS = {
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
} as const;
export const HEALING_WINDOW_KEYS = ["1h", "24h", "7d"] as const satisfies ReadonlyArray<keyof typeof HEALING_WINDOWS>;

/** ?kind=…&outcome=ok&severity=critical&actor=auto&cluster=<id>&window=24h: the healing history's filters. */
export const healingFilterParsers = {
  kind: parseAsStringLiteral(HEALING_KINDS),
  outcome: parseAsStringLiteral(HEALING_OUTCOMES),
  severity: parseAsStringLiteral(HEALING_SEVERITIES),
  actor: parseAsStringLiteral(HEALING_ACTORS),
  cluster: parseAsString,
  window: parseAsStringLiteral(HEALING_WINDOW_KEYS),
};

export function useHealingFilterParams() {
  return useFilterParams(healingFilterParsers);
}
