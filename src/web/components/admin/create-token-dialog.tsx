"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import type { Role } from "@/schemas/auth-api";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { CodeBlock } from "../ui/code-block";
import { Dialog } from "../ui/dialog";
import { describedBy, Field, Input } from "../ui/field";
import { FormActions } from "../ui/submit-button";
import { RoleSelect } from "./role-select";

/** Creates a token and shows it once; closing the dialog forgets it. */
export function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }),
    }),
  );
  const errors = fieldErrors(create.error);
  const close = () => {
    create.reset();
    onClose();
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expires = String(form.get("expires") ?? "");
    create.mutate({
      name: String(form.get("name")),
      role: String(form.get("role")) as Role,
      // The end of the chosen day, in the browser's time zone.
      expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : undefined,
    });
  }

  if (create.data) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title="Token created"
        description="Copy it now: Myzel keeps only a hash and cannot show it again."
      >
        <div className="flex flex-col gap-4">
          <div data-testid="new-token">
            <CodeBlock code={create.data.token} title={create.data.info.name} />
          </div>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Send it as <code>Authorization: Bearer …</code>, or pass it as <code>token</code> to{" "}
            <code>createMyzelClient</code>.
          </p>
          <div className="flex justify-end">
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New API token"
      description="For another app or a script. It can do what its role allows."
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field id="token-name" label="Name" hint="Who uses it, e.g. “CI pipeline”." error={errors.name}>
          <Input
            id="token-name"
            name="name"
            required
            aria-invalid={!!errors.name}
            aria-describedby={describedBy("token-name", errors.name, "hint")}
          />
        </Field>
        <Field id="token-role" label="Role">
          <RoleSelect id="token-role" name="role" defaultValue="VIEWER" />
        </Field>
        <Field
          id="token-expires"
          label="Expires"
          hint="Leave empty for a token that works until revoked."
          error={errors.expiresAt}
        >
          <Input
            id="token-expires"
            name="expires"
            type="date"
            aria-describedby={describedBy("token-expires", errors.expiresAt, "hint")}
          />
        </Field>
        {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
        <FormActions pending={create.isPending} submitLabel="Create token" onCancel={close} />
      </form>
    </Dialog>
  );
}
