"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import type { FormEvent } from "react";
import { MIN_PASSWORD_LENGTH, type Role } from "@/schemas/auth-api";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { describedBy, Field, Input } from "../ui/field";
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
        <Field id="user-name" label="Name" error={errors.name}>
          <Input id="user-name" name="name" required aria-invalid={!!errors.name} aria-describedby={describedBy("user-name", errors.name)} />
        </Field>
        <Field id="user-email" label="Email" error={errors.email}>
          <Input id="user-email" name="email" type="email" autoComplete="off" required aria-invalid={!!errors.email} aria-describedby={describedBy("user-email", errors.email)} />
        </Field>
        <Field id="user-password" label="First password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={errors.password}>
          <Input
            id="user-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={!!errors.password}
            aria-describedby={describedBy("user-password", errors.password, "hint")}
          />
        </Field>
        <Field id="user-role" label="Role">
          <RoleSelect id="user-role" name="role" defaultValue="VIEWER" />
        </Field>
        {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending && <Loader2 className="animate-spin" aria-hidden />}
            Add user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
