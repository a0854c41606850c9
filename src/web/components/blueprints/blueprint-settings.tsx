import type { Blueprint } from "@/schemas/blueprint";
import type { BlueprintDetail } from "../../lib/api-types";
import { formatDateTime, formatRange, humanize } from "../../lib/format";
import { DefinitionList } from "../ui/definition-list";
import { Panel } from "../ui/panel";
import { OriginBadge } from "./origin-badge";

/** The cluster section of a blueprint and the record of this version. */
export function BlueprintSettings({ detail, definition }: { detail: BlueprintDetail; definition: Blueprint }) {
  const { cluster } = definition;
  const rows: Array<[string, React.ReactNode]> = [
    [
      "Type",
      <span key="t" className="capitalize">
        {cluster.type}
      </span>,
    ],
    [
      "Workers",
      `${formatRange(cluster.min_workers, cluster.max_workers)} (feasible ${formatRange(detail.workerBounds.min, detail.workerBounds.max)})`,
    ],
    ["Default size", detail.defaultTargetWorkers],
    ["Routing", humanize(cluster.routing)],
    [
      "Scaling",
      cluster.scaling
        ? `${humanize(cluster.scaling.metric)}: up above ${cluster.scaling.scale_up_threshold}, down below ${cluster.scaling.scale_down_threshold}`
        : "Manual",
    ],
    ...(cluster.ttl_seconds ? ([["Lifetime", `${cluster.ttl_seconds} s`]] as Array<[string, React.ReactNode]>) : []),
    ["Origin", <OriginBadge key="o" origin={detail.origin} />],
    ["Added", formatDateTime(detail.createdAt)],
  ];
  return (
    <Panel title="Cluster settings" id="settings">
      <DefinitionList rows={rows} />
    </Panel>
  );
}
