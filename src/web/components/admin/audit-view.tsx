"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { useState } from "react";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { StatusBadge } from "../ui/status-badge";
import { Table, TD, TH, THead, TR } from "../ui/table";

const PAGE_SIZE = 50;

/** Every change made through Myzel's APIs: who, what, on what, when, from where, and how it ended. */
export function AuditView() {
  const trpc = useTRPC();
  const [offset, setOffset] = useState(0);
  const entries = useQuery(
    trpc.audit.list.queryOptions({ limit: PAGE_SIZE, offset }, { placeholderData: keepPreviousData }),
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
        ) : entries.data?.total === 0 ? (
          <EmptyState icon={ScrollText} title="Nothing changed yet" />
        ) : (
          <>
            <Table>
              <THead>
                <tr>
                  <TH>When</TH>
                  <TH>Who</TH>
                  <TH>Action</TH>
                  <TH>Target</TH>
                  <TH>From</TH>
                  <TH>Outcome</TH>
                </tr>
              </THead>
              <tbody>
                {entries.data?.items.map((entry) => (
                  <TR key={entry.id} data-testid="audit-row">
                    <TD className="text-xs whitespace-nowrap text-zinc-500">{formatDateTime(entry.at)}</TD>
                    <TD>
                      <span className="font-medium">{entry.actorName}</span>
                      <span className="ml-1.5 text-xs text-zinc-500">
                        {entry.actorType}
                        {entry.role ? ` · ${entry.role.toLowerCase()}` : ""}
                      </span>
                    </TD>
                    <TD className="font-mono text-xs">{entry.action}</TD>
                    <TD className="max-w-48 truncate font-mono text-xs" title={entry.target ?? undefined}>
                      {entry.target ?? "—"}
                    </TD>
                    <TD className="max-w-56 truncate text-xs text-zinc-500" title={entry.userAgent ?? undefined}>
                      {entry.ip ?? "—"}
                    </TD>
                    <TD>
                      <StatusBadge kind="audit" status={entry.outcome} />
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
            {entries.data && (
              <Pagination offset={offset} limit={PAGE_SIZE} total={entries.data.total} onChange={setOffset} />
            )}
          </>
        )}
      </Panel>
    </>
  );
}
