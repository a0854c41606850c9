"use client";
import type { HealingKind } from "@/domain/healing/vocabulary";
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
import { FilterBar, type SelectFilter } from "../ui/filter-bar";
import { optionsOf } from "../ui/filter-select";
import { HEALING_OUTCOME_STYLE, HEALING_OUTCOMES } from "../ui/statuses";
import { kindLabel } from "./healing-kinds";

type Values = FilterValues<typeof healingFilterParsers>;
type Severity = (typeof HEALING_SEVERITIES)[number];
type Actor = (typeof HEALING_ACTORS)[number];

const SEVERITY_LABELS: Record<Severity, string> = { critical: "Critical", warning: "Warning", info: "Info" };
const ACTOR_LABELS: Record<Actor, string> = { auto: "Myzel on its own", person: "Asked for" };

/** The selects that do not depend on data: outcome, severity, who acted. */
const FIXED: SelectFilter<Values>[] = [
  {
    key: "outcome",
    label: "Outcome",
    all: "All outcomes",
    options: optionsOf(HEALING_OUTCOMES, (outcome) => HEALING_OUTCOME_STYLE[outcome].label),
    className: "min-w-32",
  },
  {
    key: "severity",
    label: "Severity",
    all: "All severities",
    options: optionsOf(["critical", "warning", "info"] satisfies Severity[], (severity) => SEVERITY_LABELS[severity]),
    className: "min-w-32",
  },
  {
    key: "actor",
    label: "Who acted",
    all: "Anyone",
    options: optionsOf(HEALING_ACTORS, (actor) => ACTOR_LABELS[actor]),
    className: "min-w-36",
  },
];

const WINDOW_SELECT: SelectFilter<Values> = {
  key: "window",
  label: "Time",
  all: "Any time",
  options: optionsOf(HEALING_WINDOW_KEYS, (window) => HEALING_WINDOWS[window].label),
  className: "min-w-36",
};

interface HealingFiltersProps {
  value: Values;
  kinds: Array<{ kind: HealingKind; count: number }> | undefined;
  clusters: ClusterFigures[] | undefined;
  onChange: (patch: FilterPatch<typeof healingFilterParsers>) => void;
  onClear: () => void;
}

export function HealingFilters({ value, kinds, clusters, onChange, onClear }: HealingFiltersProps) {
  return (
    <FilterBar
      label="Filter the healing history"
      value={value}
      onChange={onChange}
      onClear={onClear}
      active={Object.values(value).some((filter) => filter !== null)}
      selects={[
        {
          key: "kind",
          label: "Kind",
          all: "All kinds",
          options: (kinds ?? []).map(({ kind, count }) => ({ value: kind, label: `${kindLabel(kind)} (${count})` })),
          className: "min-w-40",
        },
        ...FIXED,
        {
          key: "cluster",
          label: "Cluster",
          all: "All clusters",
          options: clusterOptions(clusters),
          className: "max-w-56 min-w-36",
        },
        WINDOW_SELECT,
      ]}
    />
  );
}
