"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import type { ApiToken } from "../../lib/api-types";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { StatusBadge } from "../ui/status-badge";
import type { TokenState } from "../ui/statuses";
import { CreateTokenDialog } from "./create-token-dialog";
import { roleLabel } from "./role-select";

const PAGE_SIZE = 50;

function stateOf(token: { revokedAt: string | null; expiresAt: string | null }, now: number): TokenState {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return "expired";
  return "active";
}

/** API tokens for other apps: create (shown once), see when each was last used, revoke. */
export function TokensView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<string | null>(null);
  const tokens = useQuery(
    trpc.tokens.list.queryOptions(
      { limit: PAGE_SIZE, cursor: cursor ?? undefined },
      { placeholderData: keepPreviousData },
    ),
  );
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => setRevoking(null),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }),
    }),
  );
  const now = Date.now();

  const columns: Column<ApiToken>[] = [
    { key: "name", header: "Name", cellClassName: "font-medium", cell: (token) => token.name },
    { key: "token", header: "Token", cellClassName: "font-mono text-xs", cell: (token) => `${token.prefix}…` },
    { key: "role", header: "Role", cell: (token) => roleLabel(token.role) },
    { key: "state", header: "State", cell: (token) => <StatusBadge kind="token" status={stateOf(token, now)} /> },
    {
      key: "created",
      header: "Created",
      cellClassName: "text-xs text-zinc-500 dark:text-zinc-400",
      cellProps: (token) => ({ title: token.createdBy ? `by ${token.createdBy}` : undefined }),
      cell: (token) => formatDateTime(token.createdAt),
    },
    {
      key: "expires",
      header: "Expires",
      cellClassName: "text-xs text-zinc-500 dark:text-zinc-400",
      cell: (token) => (token.expiresAt ? formatDateTime(token.expiresAt) : "never"),
    },
    {
      key: "used",
      header: "Last used",
      cellClassName: "text-xs text-zinc-500 dark:text-zinc-400",
      cell: (token) => (token.lastUsedAt ? formatRelative(token.lastUsedAt, now) : "never"),
    },
    {
      key: "actions",
      header: "Actions",
      align: "right",
      skeleton: ["ml-auto h-7 w-16"],
      cell: (token) =>
        stateOf(token, now) === "active" && (
          <Button
            size="sm"
            className="text-red-600 dark:text-red-400"
            onClick={() => {
              revoke.reset();
              setRevoking(token);
            }}
          >
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Other apps call Myzel's tRPC and REST APIs with a token as Authorization: Bearer …. Only a hash is stored."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden />
            New token
          </Button>
        }
      />
      <Panel bodyClassName="">
        {tokens.error ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : (
          <>
            <DataTable
              label="API tokens"
              columns={columns}
              rows={tokens.data?.items}
              rowKey={(token) => token.id}
              rowProps={() => ({ "data-testid": "token-row" })}
              skeletonRows={3}
              empty={
                <EmptyState
                  icon={KeyRound}
                  title="No API tokens yet"
                  description="Create one for each app or script that calls Myzel."
                />
              }
            />
            {tokens.data && <Pagination page={tokens.data} onChange={setCursor} />}
          </>
        )}
      </Panel>
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        description="Apps using it are refused from now on. This cannot be undone."
        confirm="Revoke token"
        tone="danger"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate({ tokenId: revoking.id })}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}
