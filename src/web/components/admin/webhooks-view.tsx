"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Plus } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "../../lib/api-error";
import type { AlertWebhook } from "../../lib/api-types";
import { formatDateTime, humanize } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { CreateWebhookDialog } from "./create-webhook-dialog";
import { WebhookDeliveries } from "./webhook-deliveries";

/** Alert webhooks: add (secret shown once), send a test, read deliveries, delete. */
export function WebhooksView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhooks = useQuery(trpc.alertWebhooks.list.queryOptions({}));
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<AlertWebhook | null>(null);
  const refreshDeliveries = () => queryClient.invalidateQueries({ queryKey: trpc.alertWebhooks.deliveries.queryKey() });
  const test = useMutation(trpc.alertWebhooks.test.mutationOptions({ onSettled: refreshDeliveries }));
  const [deleting, setDeleting] = useState<AlertWebhook | null>(null);
  const remove = useMutation(
    trpc.alertWebhooks.delete.mutationOptions({
      onSuccess: () => setDeleting(null),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.alertWebhooks.list.queryKey() }),
    }),
  );

  const columns: Column<AlertWebhook>[] = [
    { key: "name", header: "Name", cellClassName: "font-medium", cell: (w) => w.name },
    { key: "url", header: "URL", cellClassName: "font-mono text-xs break-all", cell: (w) => w.url },
    { key: "format", header: "Format", cell: (w) => (w.format === "slack" ? "Slack" : "JSON") },
    { key: "topics", header: "Alerts", cellClassName: "text-xs", cell: (w) => w.topics.map(humanize).join(", ") },
    {
      key: "created",
      header: "Added",
      cellClassName: "text-xs text-zinc-500 dark:text-zinc-400",
      cell: (w) => formatDateTime(w.createdAt),
    },
    {
      key: "actions",
      header: "Actions",
      align: "right",
      skeleton: ["ml-auto h-7 w-40"],
      cell: (w) => (
        <div className="flex justify-end gap-1.5">
          <Button
            size="sm"
            onClick={() => {
              setShown(w);
              test.mutate({ webhookId: w.id });
            }}
          >
            Send test
          </Button>
          <Button size="sm" onClick={() => setShown(w)}>
            Deliveries
          </Button>
          <Button
            size="sm"
            className="text-red-600 dark:text-red-400"
            onClick={() => {
              remove.reset();
              setDeleting(w);
            }}
          >
            Delete
          </Button>
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Alert webhooks"
        description="Critical healing, restart circuits opening, lost nodes and finished drills, POSTed signed (HMAC-SHA256) to these endpoints; failed deliveries are retried with backoff."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden />
            New webhook
          </Button>
        }
      />
      {test.error && <Alert className="mb-4">{errorMessage(test.error)}</Alert>}
      <Panel bodyClassName="">
        {webhooks.error ? (
          <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
        ) : (
          <DataTable
            label="Alert webhooks"
            columns={columns}
            rows={webhooks.data?.items}
            rowKey={(w) => w.id}
            rowProps={() => ({ "data-testid": "webhook-row" })}
            skeletonRows={2}
            empty={
              <EmptyState
                icon={BellRing}
                title="No alert webhooks yet"
                description="Add one for your chat or on-call tool (Slack's format works with Slack and compatible tools)."
              />
            }
          />
        )}
      </Panel>
      {shown && <WebhookDeliveries key={shown.id} webhookId={shown.id} name={shown.name} />}
      <CreateWebhookDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description="It gets no more alerts, and its deliveries go with it."
        confirm="Delete webhook"
        tone="danger"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (!deleting) return;
          if (shown?.id === deleting.id) setShown(null);
          remove.mutate({ webhookId: deleting.id });
        }}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
