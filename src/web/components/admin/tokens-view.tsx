"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "../../lib/api-error";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { StatusBadge } from "../ui/status-badge";
import type { TokenState } from "../ui/statuses";
import { Table, TD, TH, THead, TR } from "../ui/table";
import { CreateTokenDialog } from "./create-token-dialog";
import { roleLabel } from "./role-select";

function stateOf(token: { revokedAt: string | null; expiresAt: string | null }, now: number): TokenState {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return "expired";
  return "active";
}

/** API tokens for other apps: create (shown once), see when each was last used, revoke. */
export function TokensView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions({}));
  const [creating, setCreating] = useState(false);
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }),
    }),
  );
  const now = Date.now();

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
      {revoke.error && <Alert className="mb-4">{errorMessage(revoke.error)}</Alert>}
      <Panel bodyClassName="">
        {tokens.error ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data?.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="No API tokens yet"
            description="Create one for each app or script that calls Myzel."
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Token</TH>
                <TH>Role</TH>
                <TH>State</TH>
                <TH>Created</TH>
                <TH>Expires</TH>
                <TH>Last used</TH>
                <TH className="text-right">Actions</TH>
              </tr>
            </THead>
            <tbody>
              {tokens.data?.map((token) => {
                const state = stateOf(token, now);
                return (
                  <TR key={token.id} data-testid="token-row">
                    <TD className="font-medium">{token.name}</TD>
                    <TD className="font-mono text-xs">{token.prefix}…</TD>
                    <TD>{roleLabel(token.role)}</TD>
                    <TD>
                      <StatusBadge kind="token" status={state} />
                    </TD>
                    <TD className="text-xs text-zinc-500" title={token.createdBy ? `by ${token.createdBy}` : undefined}>
                      {formatDateTime(token.createdAt)}
                    </TD>
                    <TD className="text-xs text-zinc-500">
                      {token.expiresAt ? formatDateTime(token.expiresAt) : "never"}
                    </TD>
                    <TD className="text-xs text-zinc-500">
                      {token.lastUsedAt ? formatRelative(token.lastUsedAt, now) : "never"}
                    </TD>
                    <TD className="text-right">
                      {state === "active" && (
                        <Button
                          size="sm"
                          className="text-red-600 dark:text-red-400"
                          onClick={() => {
                            if (window.confirm(`Revoke “${token.name}”? Apps using it are refused from now on.`))
                              revoke.mutate({ tokenId: token.id });
                          }}
                        >
                          Revoke
                        </Button>
                      )}
                    </TD>
                  </TR>
                );
              })}
            </tbody>
          </Table>
        )}
      </Panel>
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
