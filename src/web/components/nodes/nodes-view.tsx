"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Server } from "lucide-react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage } from "../../lib/api-error";
import type { NodeInfo } from "../../lib/api-types";
import { formatDuration } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Badge, type Tone } from "../ui/badge";
import { Button } from "../ui/button";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { RelativeTime } from "../ui/relative-time";

const STATE_TONE: Record<NodeInfo["state"], Tone> = {
  ready: "green",
  cordoned: "amber",
  draining: "sky",
  lost: "red",
};

/** The runner nodes with their state, load and agents; operators cordon, drain and rebalance here. */
export function NodesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canOperate } = usePermissions();
  const nodes = useQuery({ ...trpc.nodes.list.queryOptions({}), refetchInterval: 2000 });
  const done = () => queryClient.invalidateQueries({ queryKey: trpc.nodes.list.queryKey() });
  const cordon = useMutation(trpc.nodes.cordon.mutationOptions({ onSettled: done }));
  const uncordon = useMutation(trpc.nodes.uncordon.mutationOptions({ onSettled: done }));
  const drain = useMutation(trpc.nodes.drain.mutationOptions({ onSettled: done }));
  const rebalance = useMutation(trpc.nodes.rebalance.mutationOptions({ onSettled: done }));
  const failed = [cordon, uncordon, drain, rebalance].find((m) => m.error);

  const columns: Column<NodeInfo>[] = [
    {
      key: "id",
      header: "Node",
      cell: (n) => (
        <div>
          <div className="font-medium">{n.id}</div>
          <div className="text-xs text-zinc-500 dark:text-zinc-400">{n.address ?? n.hostname}</div>
        </div>
      ),
    },
    {
      key: "state",
      header: "State",
      cell: (n) => (
        <Badge tone={STATE_TONE[n.state]} dot>
          {n.state}
        </Badge>
      ),
      cellProps: (n) => ({ "data-state": n.state }),
    },
    {
      key: "labels",
      header: "Labels",
      cell: (n) => (
        <div className="flex flex-wrap gap-1">
          {Object.entries(n.labels).map(([k, v]) => (
            <Badge key={k} mono>{`${k}=${v}`}</Badge>
          ))}
        </div>
      ),
    },
    {
      key: "agents",
      header: "Agents",
      cell: (n) => (
        <div>
          <div>
            {n.agents.reduce((sum, a) => sum + a.count, 0)} / {n.capacity}
          </div>
          <div className="text-xs text-zinc-500 dark:text-zinc-400">
            {n.agents.map((a) => `${a.clusterName}: ${a.count}`).join(", ")}
          </div>
        </div>
      ),
    },
    {
      key: "load",
      header: "CPU · memory",
      cell: (n) => (n.cpuPercent === null ? "—" : `${n.cpuPercent}% · ${n.memoryUsedMb} / ${n.memoryTotalMb} MB`),
    },
    {
      key: "heartbeat",
      header: "Last heartbeat",
      cell: (n) => (n.lastHeartbeatAt ? <RelativeTime at={n.lastHeartbeatAt} /> : "none"),
    },
    {
      key: "failovers",
      header: "Failovers",
      cell: (n) =>
        n.failovers === 0
          ? "0"
          : `${n.failovers}${n.lastFailoverMs === null ? "" : ` (last ${formatDuration(n.lastFailoverMs)})`}`,
    },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (n) =>
        canOperate && n.state !== "lost" ? (
          <div className="flex justify-end gap-1.5">
            {n.state === "ready" ? (
              <Button size="sm" onClick={() => cordon.mutate({ id: n.id })}>
                Cordon
              </Button>
            ) : (
              <Button size="sm" onClick={() => uncordon.mutate({ id: n.id })}>
                Uncordon
              </Button>
            )}
            {n.state !== "draining" && (
              <Button size="sm" variant="danger" onClick={() => drain.mutate({ id: n.id })}>
                Drain
              </Button>
            )}
          </div>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title="Nodes"
        description="The hosts that run agents: their state, labels and load. Cordon keeps new agents away; drain moves every agent off after it finishes its work."
        actions={
          canOperate ? (
            <Button onClick={() => rebalance.mutate({})} disabled={rebalance.isPending}>
              Rebalance
            </Button>
          ) : null
        }
      />
      {failed?.error && <Alert tone="error">{errorMessage(failed.error)}</Alert>}
      {rebalance.data && (
        <Alert tone="success">
          {rebalance.data.moved ? `${rebalance.data.moved} agents move to emptier nodes.` : "The nodes are even."}
        </Alert>
      )}
      {nodes.error ? (
        <ErrorState error={nodes.error} />
      ) : (
        <Panel>
          <DataTable
            label="Nodes"
            columns={columns}
            rows={nodes.data}
            rowKey={(n) => n.id}
            rowProps={(n) => ({ "data-node": n.id })}
            empty={<EmptyState icon={Server} title="No nodes" description="Start a runner to add one." />}
          />
        </Panel>
      )}
    </>
  );
}
