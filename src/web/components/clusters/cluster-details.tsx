import Link from "next/link";
import type { Cluster } from "../../lib/api-types";
import { formatDateTime, humanize } from "../../lib/format";
import { Panel } from "../ui/panel";

/** The cluster's record: ids, blueprint, routing and dates. */
export function ClusterDetails({ cluster }: { cluster: Cluster }) {
  const rows: Array<[string, React.ReactNode]> = [
    ["ID", <span key="id" className="font-mono text-[11px] break-all">{cluster.id}</span>],
    [
      "Blueprint",
      <Link key="bp" href={`/blueprints/${cluster.blueprintId}?version=${encodeURIComponent(cluster.blueprintVersion)}`} className="font-mono text-xs hover:underline">
        {cluster.blueprintId}@{cluster.blueprintVersion}
      </Link>,
    ],
    ["Routing", humanize(cluster.routingStrategy)],
    ["Created", formatDateTime(cluster.createdAt)],
    ["Status changed", formatDateTime(cluster.statusChangedAt)],
    ["Updated", formatDateTime(cluster.updatedAt)],
    ...(cluster.deletedAt ? ([["Deleted", formatDateTime(cluster.deletedAt)]] as Array<[string, React.ReactNode]>) : []),
  ];
  return (
    <Panel title="Details" id="details">
      <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="min-w-0 text-zinc-800 dark:text-zinc-200">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
