"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2, UserPlus, Users } from "lucide-react";
import { useState } from "react";
import type { Role } from "@/schemas/auth-api";
import { errorMessage } from "../../lib/api-error";
import type { User } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { StatusBadge } from "../ui/status-badge";
import { AddUserDialog } from "./add-user-dialog";
import { RoleSelect } from "./role-select";

const PAGE_SIZE = 50;

/** Who may sign in, and with which role; admins change roles, disable and delete users here. */
export function UsersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<string | null>(null);
  const users = useQuery(
    trpc.users.list.queryOptions(
      { limit: PAGE_SIZE, cursor: cursor ?? undefined },
      { placeholderData: keepPreviousData },
    ),
  );
  const me = useQuery(trpc.session.me.queryOptions({}, { staleTime: 60_000 }));
  const [adding, setAdding] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSettled: refresh }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSettled: refresh }));
  const [deleting, setDeleting] = useState<User | null>(null);
  const remove = useMutation(
    trpc.users.delete.mutationOptions({ onSuccess: () => setDeleting(null), onSettled: refresh }),
  );
  const failed = setRole.error ?? setDisabled.error;

  const columns: Column<User>[] = [
    { key: "name", header: "Name", cellClassName: "font-medium", cell: (user) => user.name },
    { key: "email", header: "Email", cellClassName: "font-mono text-xs", cell: (user) => user.email },
    {
      key: "role",
      header: "Role",
      skeleton: ["h-8 w-40 rounded-md"],
      cell: (user) => {
        const self = user.id === me.data?.id;
        return (
          <RoleSelect
            aria-label={`Role of ${user.email}`}
            value={user.role}
            disabled={self || setRole.isPending}
            title={self ? "Another admin can change your role" : undefined}
            onChange={(event) => setRole.mutate({ userId: user.id, role: event.target.value as Role })}
            className="max-w-56"
          />
        );
      },
    },
    {
      key: "status",
      header: "Status",
      cell: (user) => <StatusBadge kind="user" status={user.disabled ? "disabled" : "active"} />,
    },
    {
      key: "added",
      header: "Added",
      cellClassName: "text-xs text-zinc-500 dark:text-zinc-400",
      cell: (user) => formatDateTime(user.createdAt),
    },
    {
      key: "actions",
      header: "Actions",
      align: "right",
      skeleton: ["ml-auto h-7 w-24"],
      cell: (user) =>
        user.id !== me.data?.id && (
          <div className="flex justify-end gap-1">
            <Button size="sm" onClick={() => setDisabled.mutate({ userId: user.id, disabled: !user.disabled })}>
              {user.disabled ? "Enable" : "Disable"}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Delete ${user.email}`}
              onClick={() => {
                remove.reset();
                setDeleting(user);
              }}
            >
              <Trash2 aria-hidden />
            </Button>
          </div>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Users"
        description="Viewers read, operators run clusters and tasks, admins also delete clusters and manage blueprints, users and tokens."
        actions={
          <Button variant="primary" onClick={() => setAdding(true)}>
            <UserPlus aria-hidden />
            Add user
          </Button>
        }
      />
      {failed && <Alert className="mb-4">{errorMessage(failed)}</Alert>}
      <Panel bodyClassName="">
        {users.error ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <>
            <DataTable
              label="Users"
              empty={<EmptyState icon={Users} title="No users" />}
              columns={columns}
              rows={users.data?.items}
              rowKey={(user) => user.id}
              rowProps={() => ({ "data-testid": "user-row" })}
              skeletonRows={3}
            />
            {users.data && <Pagination page={users.data} onChange={setCursor} />}
          </>
        )}
      </Panel>
      <AddUserDialog open={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.email ?? ""}?`}
        description="They can no longer sign in. What they did stays in the audit log."
        confirm="Delete user"
        tone="danger"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ userId: deleting.id })}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
