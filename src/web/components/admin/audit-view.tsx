"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { useState } from "react";
import type { AuditEntry } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { StatusBadge } from "../ui/status-badge";

const PAGE_SIZE = 50;

const COLUMNS: Column<AuditEntry>[] = [
  {
    key: "when",
    header: "When",
    cellClassName: "text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400",
    cell: (entry) => formatDateTime(entry.at),
  },
  {
    key: "who",
    header: "Who",
    cell: (entry) => (
      <>
        <span className="font-medium">{entry.actorName}</span>
        <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          {entry.actorType}
          {entry.role ? ` · ${entry.role.toLowerCase()}` : ""}
        </span>
      </>
    ),
  },
  { key: "action", header: "Action", cellClassName: "font-mono text-xs", cell: (entry) => entry.action },
  {
    key: "target",
    header: "Target",
    cellClassName: "max-w-48 truncate font-mono text-xs",
    cellProps: (entry) => ({ title: entry.target ?? undefined }),
    cell: (entry) => entry.target ?? "—",
  },
  {
    key: "from",
    header: "From",
    cellClassName: "max-w-56 truncate text-xs text-zinc-500 dark:text-zinc-400",
    cellProps: (entry) => ({ title: entry.userAgent ?? undefined }),
    cell: (entry) => entry.ip ?? "—",
  },
  { key: "outcome", header: "Outcome", cell: (entry) => <StatusBadge kind="audit" status={entry.outcome} /> },
];

/** Every change made through Myzel's APIs: who, what, on what, when, from where, and how it ended. */
export function AuditView() {
  const trpc = useTRPC();
  const [cursor, setCursor] = useState<string | null>(null);
  const entries = useQuery(
    trpc.audit.list.queryOptions(
      { limit: PAGE_SIZE, cursor: cursor ?? undefined },
      { placeholderData: keepPreviousData },
    ),
  );

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, by a person or an API token, newest first. Inputs such as task payloads are never recorded."
      />
      <Panel bodyClassName="">
        {entries.error ? (
          <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
        ) : (
          <>
            <DataTable
              label="Audit log"
              columns={COLUMNS}
              rows={entries.data?.items}
              rowKey={(entry) => entry.id}
              rowProps={() => ({ "data-testid": "audit-row" })}
              empty={<EmptyState icon={ScrollText} title="Nothing changed yet" />}
            />
            {entries.data && <Pagination page={entries.data} onChange={setCursor} />}
          </>
        )}
      </Panel>
    </>
  );
}
