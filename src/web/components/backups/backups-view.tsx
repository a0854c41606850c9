"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Archive } from "lucide-react";
import type { AppRouter } from "@/api/root";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Button } from "../ui/button";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";

type Backup = inferRouterOutputs<AppRouter>["backups"]["list"]["items"][number];

const mib = (bytes: number | null) => (bytes === null ? "—" : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

const COLUMNS: Column<Backup>[] = [
  {
    key: "when",
    header: "Started",
    cellClassName: "text-xs whitespace-nowrap",
    cell: (b) => formatDateTime(b.startedAt),
  },
  {
    key: "status",
    header: "Status",
    cell: (b) => (
      <span data-testid="backup-status">
        {b.status === "RUNNING" ? `${b.phase} ${b.progress}%` : b.status.toLowerCase()}
      </span>
    ),
  },
  { key: "trigger", header: "By", cellClassName: "text-xs", cell: (b) => `${b.trigger} · ${b.createdBy ?? "—"}` },
  { key: "size", header: "Size", cellClassName: "text-xs", cell: (b) => mib(b.sizeBytes) },
  {
    key: "file",
    header: "Archive or reason",
    cellClassName: "max-w-96 truncate font-mono text-xs",
    cellProps: (b) => ({ title: b.file ?? b.error ?? undefined }),
    cell: (b) => b.file ?? b.error ?? "—",
  },
];

/** Backups: take one now, follow its progress, see where archives go and when the next is due. */
export function BackupsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const backups = useQuery(
    trpc.backups.list.queryOptions(
      { limit: 50 },
      { refetchInterval: (query) => (query.state.data?.items.some((b) => b.status === "RUNNING") ? 1000 : false) },
    ),
  );
  const settings = useQuery(trpc.backups.settings.queryOptions({}));
  const create = useMutation(
    trpc.backups.create.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.backups.list.queryKey() }),
    }),
  );
  const running = backups.data?.items.some((b) => b.status === "RUNNING") ?? false;
  const s = settings.data;
  return (
    <>
      <PageHeader
        title="Backups"
        description="Database, Redis and blueprints in one verified archive. Restore with `myzel backup restore` on the host."
        actions={
          <Button variant="primary" disabled={running || create.isPending} onClick={() => create.mutate({})}>
            Back up now
          </Button>
        }
      />
      {create.error && <p className="mb-3 text-sm text-rose-600">{create.error.message}</p>}
      {s && (
        <Panel title="Where and when" className="mb-4">
          <p className="text-sm" data-testid="backup-settings">
            Folder <code>{s.folder}</code> · schedule {s.schedule ? <code>{s.schedule}</code> : "none"}
            {s.nextRunAt ? ` (next ${formatDateTime(s.nextRunAt)})` : ""} · keeps {s.retain} · WAL archiving{" "}
            {s.walArchiving ? `on (${mib(s.walArchiveBytes)} of ${mib(s.walArchiveMaxBytes)})` : "off"}
          </p>
        </Panel>
      )}
      <Panel bodyClassName="">
        {backups.error ? (
          <ErrorState error={backups.error} onRetry={() => void backups.refetch()} />
        ) : (
          <DataTable
            label="Backups"
            columns={COLUMNS}
            rows={backups.data?.items}
            rowKey={(b) => b.id}
            rowProps={() => ({ "data-testid": "backup-row" })}
            empty={<EmptyState icon={Archive} title="No backups yet" />}
          />
        )}
      </Panel>
    </>
  );
}
