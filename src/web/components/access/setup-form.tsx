"use client";
import { useMutation } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { type FormEvent, useState } from "react";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import { signIn } from "../../lib/sign-in";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { describedBy, Field, Input } from "../ui/field";
import { SubmitButton } from "../ui/submit-button";
import { AccountFields } from "./account-fields";
import { AuthCard } from "./auth-card";

/** The one-time page that creates the first admin of a new installation, then signs them in. */
export function SetupForm() {
  const trpc = useTRPC();
  const create = useMutation(trpc.setup.createAdmin.mutationOptions());
  const [mismatch, setMismatch] = useState(false);
  const [signInError, setSignInError] = useState<string>();
  const errors = fieldErrors(create.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password"));
    setMismatch(password !== String(form.get("confirm")));
    if (password !== String(form.get("confirm"))) return;
    const email = String(form.get("email"));
    const admin = await create.mutateAsync({ name: String(form.get("name")), email, password }).catch(() => undefined);
    if (!admin) return;
    const signedIn = await signIn(admin.email, password);
    if (signedIn.ok) window.location.assign("/clusters");
    else setSignInError(signedIn.message);
  }

  const pending = create.isPending || create.isSuccess;
  return (
    <AuthCard
      title="Set up Myzel"
      description="Create the first admin. This page works once: afterwards, admins add everyone else."
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <AccountFields idPrefix="setup" errors={errors} nameLabel="Your name" passwordLabel="Password" autoFocus />
        <Field id="setup-confirm" label="Password again" error={mismatch ? "The passwords differ." : undefined}>
          <Input
            id="setup-confirm"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={mismatch}
            aria-describedby={describedBy("setup-confirm", mismatch ? "The passwords differ." : undefined)}
          />
        </Field>
        {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
        {signInError && <Alert>{signInError}</Alert>}
        <SubmitButton pending={pending} icon={ShieldCheck}>
          Create admin
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
