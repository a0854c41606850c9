"use client";
import { X } from "lucide-react";
import type { FilterPatch, FilterValues } from "../../hooks/use-filter-params";
import {
  HEALING_ACTORS,
  type HEALING_SEVERITIES,
  HEALING_WINDOW_KEYS,
  HEALING_WINDOWS,
  type healingFilterParsers,
} from "../../hooks/use-healing-filter-params";
import type { ClusterFigures } from "../../lib/api-types";
import { clusterOptions } from "../clusters/cluster-options";
import { Button } from "../ui/button";
import { FilterSelect, optionsOf } from "../ui/filter-select";
import { HEALING_OUTCOME_STYLE, HEALING_OUTCOMES } from "../ui/statuses";
import { kindLabel } from "./healing-kinds";

type Severity = (typeof HEALING_SEVERITIES)[number];
type Actor = (typeof HEALING_ACTORS)[number];

const SEVERITY_LABELS: Record<Severity, string> = { critical: "Critical", warning: "Warning", info: "Info" };
const ACTOR_LABELS: Record<Actor, string> = { auto: "Myzel on its own", person: "Asked for" };

const OUTCOME_OPTIONS = optionsOf(HEALING_OUTCOMES, (outcome) => HEALING_OUTCOME_STYLE[outcome].label);
const SEVERITY_OPTIONS = optionsOf(
  ["critical", "warning", "info"] as const satisfies readonly Severity[],
  (severity) => SEVERITY_LABELS[severity],
);
const ACTOR_OPTIONS = optionsOf(HEALING_ACTORS, (actor) => ACTOR_LABELS[actor]);
const WINDOW_OPTIONS = optionsOf(HEALING_WINDOW_KEYS, (window) => HEALING_WINDOWS[window].label);

interface HealingFiltersProps {
  value: FilterValues<typeof healingFilterParsers>;
  kinds: Array<{ kind: string; count: number }> | undefined;
  clusters: ClusterFigures[] | undefined;
  onChange: (patch: FilterPatch<typeof healingFilterParsers>) => void;
  onClear: () => void;
}

export function HealingFilters({ value, kinds, clusters, onChange, onClear }: HealingFiltersProps) {
  const active = Object.values(value).some((filter) => filter !== null);
  return (
    <search aria-label="Filter the healing history" className="flex flex-wrap items-center gap-2">
      <FilterSelect
        label="Kind"
        all="All kinds"
        value={value.kind}
        options={(kinds ?? []).map(({ kind, count }) => ({ value: kind, label: `${kindLabel(kind)} (${count})` }))}
        onChange={(kind) => onChange({ kind })}
        className="min-w-40"
      />
      <FilterSelect
        label="Outcome"
        all="All outcomes"
        value={value.outcome}
        options={OUTCOME_OPTIONS}
        onChange={(outcome) => onChange({ outcome })}
        className="min-w-32"
      />
      <FilterSelect
        label="Severity"
        all="All severities"
        value={value.severity}
        options={SEVERITY_OPTIONS}
        onChange={(severity) => onChange({ severity })}
        className="min-w-32"
      />
      <FilterSelect
        label="Who acted"
        all="Anyone"
        value={value.actor}
        options={ACTOR_OPTIONS}
        onChange={(actor) => onChange({ actor })}
        className="min-w-36"
      />
      <FilterSelect
        label="Cluster"
        all="All clusters"
        value={value.cluster}
        options={clusterOptions(clusters)}
        onChange={(cluster) => onChange({ cluster })}
        className="max-w-56 min-w-36"
      />
      <FilterSelect
        label="Time"
        all="Any time"
        value={value.window}
        options={WINDOW_OPTIONS}
        onChange={(window) => onChange({ window })}
        className="min-w-36"
      />
      {active && (
        <Button variant="ghost" onClick={onClear}>
          <X aria-hidden /> Clear
        </Button>
      )}
    </search>
  );
}
