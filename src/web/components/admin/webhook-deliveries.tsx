"use client";
import { useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import type { AlertDelivery } from "../../lib/api-types";
import { formatDateTime, humanize } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Badge, type Tone } from "../ui/badge";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";

const TONES: Record<AlertDelivery["status"], Tone> = { pending: "amber", delivered: "green", failed: "red" };

const columns: Column<AlertDelivery>[] = [
  {
    key: "created",
    header: "Queued",
    cellClassName: "text-xs text-zinc-500 dark:text-zinc-400",
    cell: (d) => formatDateTime(d.createdAt),
  },
  { key: "alert", header: "Alert", cellClassName: "font-medium", cell: (d) => d.title },
  { key: "topic", header: "Topic", cell: (d) => humanize(d.topic) },
  { key: "status", header: "Outcome", cell: (d) => <Badge tone={TONES[d.status]}>{d.status}</Badge> },
  { key: "attempts", header: "Attempts", align: "right", cell: (d) => d.attempts },
  {
    key: "last",
    header: "Last answer",
    cellClassName: "text-xs text-zinc-500 dark:text-zinc-400",
    cell: (d) => d.error ?? (d.responseStatus ? `HTTP ${d.responseStatus}` : "—"),
  },
];

/** A webhook's newest deliveries, refreshed while any is still pending. */
export function WebhookDeliveries({ webhookId, name }: { webhookId: string; name: string }) {
  const trpc = useTRPC();
  const deliveries = useQuery(
    trpc.alertWebhooks.deliveries.queryOptions(
      { webhookId },
      { refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === "pending") ? 1000 : 10_000) },
    ),
  );
  return (
    <Panel title={`Deliveries to ${name}`} className="mt-4" bodyClassName="">
      {deliveries.error ? (
        <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : (
        <DataTable
          label={`Deliveries to ${name}`}
          columns={columns}
          rows={deliveries.data?.items}
          rowKey={(d) => d.id}
          rowProps={() => ({ "data-testid": "delivery-row" })}
          skeletonRows={2}
          empty={<EmptyState icon={Send} title="No deliveries yet" description="Send a test, or wait for an alert." />}
        />
      )}
    </Panel>
  );
}
