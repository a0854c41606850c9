"use client";
import { LogIn } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { safeNextPath } from "@/domain/auth/dashboard-access";
import { signIn } from "../../lib/sign-in";
import { Alert } from "../ui/alert";
import { Field, Input } from "../ui/field";
import { SubmitButton } from "../ui/submit-button";
import { AuthCard } from "./auth-card";

export function SignInForm() {
  const params = useSearchParams();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn(String(form.get("email")), String(form.get("password")));
    if (result.ok) {
      // A full load, so every query starts over with the new session.
      window.location.assign(safeNextPath(params.get("next"), window.location.origin));
      return;
    }
    setPending(false);
    setError(result.message);
  }

  return (
    <AuthCard title="Sign in" description="Sign in to manage your agent clusters.">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <Field id="email" label="Email">
          <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Field id="password" label="Password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        {error && <Alert>{error}</Alert>}
        <SubmitButton pending={pending} icon={LogIn}>
          Sign in
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
