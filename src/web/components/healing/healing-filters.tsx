"use client";
import { X } from "lucide-react";
import type { ClusterFigures } from "../../lib/api-types";
import { Button } from "../ui/button";
import { Select } from "../ui/field";
import { HEALING_OUTCOME_STYLE, HEALING_OUTCOMES } from "../ui/statuses";
import { kindLabel } from "./healing-kinds";

export const HEALING_FILTERS = ["kind", "outcome", "severity", "actor", "cluster", "window"] as const;
export type HealingFilterValues = Record<(typeof HEALING_FILTERS)[number], string>;

export const WINDOWS: Record<string, { label: string; ms: number }> = {
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
};

interface HealingFiltersProps {
  value: HealingFilterValues;
  kinds: Array<{ kind: string; count: number }>;
  clusters: ClusterFigures[];
  onChange: (patch: Partial<HealingFilterValues>) => void;
}

export function HealingFilters({ value, kinds, clusters, onChange }: HealingFiltersProps) {
  const active = Object.values(value).some(Boolean);
  return (
    <div role="search" aria-label="Filter the healing history" className="flex flex-wrap items-center gap-2">
      <Select
        aria-label="Kind"
        value={value.kind}
        onChange={(event) => onChange({ kind: event.target.value })}
        className="w-auto min-w-40"
      >
        <option value="">All kinds</option>
        {kinds.map(({ kind, count }) => (
          <option key={kind} value={kind}>
            {kindLabel(kind)} ({count})
          </option>
        ))}
      </Select>
      <Select
        aria-label="Outcome"
        value={value.outcome}
        onChange={(event) => onChange({ outcome: event.target.value })}
        className="w-auto min-w-32"
      >
        <option value="">All outcomes</option>
        {HEALING_OUTCOMES.map((outcome) => (
          <option key={outcome} value={outcome}>
            {HEALING_OUTCOME_STYLE[outcome].label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Severity"
        value={value.severity}
        onChange={(event) => onChange({ severity: event.target.value })}
        className="w-auto min-w-32"
      >
        <option value="">All severities</option>
        <option value="critical">Critical</option>
        <option value="warning">Warning</option>
        <option value="info">Info</option>
      </Select>
      <Select
        aria-label="Who acted"
        value={value.actor}
        onChange={(event) => onChange({ actor: event.target.value })}
        className="w-auto min-w-36"
      >
        <option value="">Anyone</option>
        <option value="auto">Myzel on its own</option>
        <option value="person">Asked for</option>
      </Select>
      <Select
        aria-label="Cluster"
        value={value.cluster}
        onChange={(event) => onChange({ cluster: event.target.value })}
        className="w-auto max-w-56 min-w-36"
      >
        <option value="">All clusters</option>
        {clusters.map(({ cluster }) => (
          <option key={cluster.id} value={cluster.id}>
            {cluster.name}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Time"
        value={value.window}
        onChange={(event) => onChange({ window: event.target.value })}
        className="w-auto min-w-36"
      >
        <option value="">Any time</option>
        {Object.entries(WINDOWS).map(([key, window]) => (
          <option key={key} value={key}>
            {window.label}
          </option>
        ))}
      </Select>
      {active && (
        <Button variant="ghost" onClick={() => onChange(Object.fromEntries(HEALING_FILTERS.map((name) => [name, ""])))}>
          <X aria-hidden /> Clear
        </Button>
      )}
    </div>
  );
}
