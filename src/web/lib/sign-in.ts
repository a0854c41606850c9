/** Signing in and out from the browser, through Myzel's authentication endpoints. */
export type SignInResult = { ok: true } | { ok: false; message: string };

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const response = await fetch("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.ok) return { ok: true };
  if (response.status === 429) {
    const seconds = Number(response.headers.get("x-retry-after")) || 60;
    return { ok: false, message: `Too many sign-in attempts. Try again in ${seconds} s.` };
  }
  if (response.status === 401) return { ok: false, message: "Invalid email or password." };
  return { ok: false, message: "Could not sign in: the account may be disabled. Ask an admin." };
}

export async function signOut(): Promise<void> {
  await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
}
