import Link from "next/link";
import type { Cluster } from "../../lib/api-types";
import { formatDateTime, humanize } from "../../lib/format";
import { DefinitionList } from "../ui/definition-list";
import { Panel } from "../ui/panel";

/** The cluster's record: ids, blueprint, routing and dates. */
export function ClusterDetails({ cluster }: { cluster: Cluster }) {
  const rows: Array<[string, React.ReactNode]> = [
    [
      "ID",
      <span key="id" className="font-mono text-[11px] break-all">
        {cluster.id}
      </span>,
    ],
    [
      "Blueprint",
      <Link
        key="bp"
        href={`/blueprints/${cluster.blueprintId}?version=${encodeURIComponent(cluster.blueprintVersion)}`}
        className="font-mono text-xs hover:underline"
      >
        {cluster.blueprintId}@{cluster.blueprintVersion}
      </Link>,
    ],
    ["Routing", humanize(cluster.routingStrategy)],
    ["Created", formatDateTime(cluster.createdAt)],
    ["Status changed", formatDateTime(cluster.statusChangedAt)],
    ["Updated", formatDateTime(cluster.updatedAt)],
    ...(cluster.deletedAt
      ? ([["Deleted", formatDateTime(cluster.deletedAt)]] as Array<[string, React.ReactNode]>)
      : []),
  ];
  return (
    <Panel title="Details" id="details">
      <DefinitionList rows={rows} />
    </Panel>
  );
}
