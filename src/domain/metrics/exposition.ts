/**
 * The Prometheus text exposition format (version 0.0.4) for the installation-wide series, which
 * are read from the records at scrape time rather than counted in one process's memory: any
 * server that leads exports the same totals, so a change of leader never resets a counter.
 */
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  labels: Labels;
  value: number;
}

export interface ScalarFamily {
  type: "counter" | "gauge";
  name: string;
  help: string;
  samples: readonly Sample[];
}

export interface HistogramSeries {
  labels: Labels;
  /** Observations at or below each bound of the family's buckets (cumulative), in the same order. */
  cumulative: readonly number[];
  count: number;
  sum: number;
}

export interface HistogramFamily {
  type: "histogram";
  name: string;
  help: string;
  /** Upper bounds, ascending; +Inf is added. */
  buckets: readonly number[];
  series: readonly HistogramSeries[];
}

export type Family = ScalarFamily | HistogramFamily;

const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function familyLines(family: Family): string[] {
  const head = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  if (family.type !== "histogram")
    return [...head, ...family.samples.map((s) => `${family.name}${labelText(s.labels)} ${numberText(s.value)}`)];
  const lines = head;
  for (const series of family.series) {
    family.buckets.forEach((bound, i) => {
      const labels = { ...series.labels, le: numberText(bound) };
      lines.push(`${family.name}_bucket${labelText(labels)} ${series.cumulative[i] ?? 0}`);
    });
    lines.push(`${family.name}_bucket${labelText({ ...series.labels, le: "+Inf" })} ${series.count}`);
    lines.push(`${family.name}_sum${labelText(series.labels)} ${numberText(series.sum)}`);
    lines.push(`${family.name}_count${labelText(series.labels)} ${series.count}`);
  }
  return lines;
}

/** The families as exposition text, each with HELP and TYPE, ending in a newline. */
export function exposition(families: readonly Family[]): string {
  const lines = families.flatMap(familyLines);
  return lines.length ? `${lines.join("\n")}\n` : "";
}
