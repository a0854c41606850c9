"use client";
import { useMutation } from "@tanstack/react-query";
import { Loader2, ShieldCheck } from "lucide-react";
import { useState, type FormEvent } from "react";
import { MIN_PASSWORD_LENGTH } from "@/schemas/auth-api";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import { signIn } from "../../lib/sign-in";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { describedBy, Field, Input } from "../ui/field";
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
    <AuthCard title="Set up Myzel" description="Create the first admin. This page works once: afterwards, admins add everyone else.">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field id="name" label="Your name" error={errors.name}>
          <Input id="name" name="name" autoComplete="name" required autoFocus aria-invalid={!!errors.name} aria-describedby={describedBy("name", errors.name)} />
        </Field>
        <Field id="email" label="Email" error={errors.email}>
          <Input id="email" name="email" type="email" autoComplete="username" required aria-invalid={!!errors.email} aria-describedby={describedBy("email", errors.email)} />
        </Field>
        <Field id="password" label="Password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={errors.password}>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={!!errors.password}
            aria-describedby={describedBy("password", errors.password, "hint")}
          />
        </Field>
        <Field id="confirm" label="Password again" error={mismatch ? "The passwords differ." : undefined}>
          <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={mismatch} aria-describedby={describedBy("confirm", mismatch ? "x" : undefined)} />
        </Field>
        {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
        {signInError && <Alert>{signInError}</Alert>}
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <ShieldCheck aria-hidden />}
          Create admin
        </Button>
      </form>
    </AuthCard>
  );
}
