"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import type { Role } from "@/schemas/auth-api";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import { useTRPC } from "../../trpc";
import { AccountFields } from "../access/account-fields";
import { Alert } from "../ui/alert";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/field";
import { FormActions } from "../ui/submit-button";
import { RoleSelect } from "./role-select";

/** Adds a person with a role and a first password, which the admin passes on to them. */
export function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name")),
      email: String(form.get("email")),
      password: String(form.get("password")),
      role: String(form.get("role")) as Role,
    });
  }

  return (
    <Dialog
      open={open}
      onClose={() => {
        create.reset();
        onClose();
      }}
      title="Add user"
      description="They sign in with this email and password; tell them the password yourself."
    >
      <form id="add-user" onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <AccountFields idPrefix="user" errors={errors} nameLabel="Name" passwordLabel="First password" />
        <Field id="user-role" label="Role">
          <RoleSelect id="user-role" name="role" defaultValue="VIEWER" />
        </Field>
        {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
        <FormActions pending={create.isPending} submitLabel="Add user" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
