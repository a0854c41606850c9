/**
 * Signing in with an email and password, for programs that act as a person (the `myzel`
 * command): Better Auth's endpoint answers with a session cookie, which then goes with every
 * call as the `cookie` header. An API token needs none of this.
 */
export class SignInRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function signInWithPassword(
  url: string,
  credentials: { email: string; password: string },
  fetchImpl: typeof fetch = fetch,
): Promise<{ cookie: string }> {
  const base = url.replace(/\/+$/, "");
  const response = await fetchImpl(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    // Better Auth checks the origin of a sign-in; a command line has none but the server's own.
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string; detail?: string };
    throw new SignInRefused(body.detail ?? body.message ?? `sign-in refused (${response.status})`, response.status);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0]!)
    .join("; ");
  if (!cookie) throw new SignInRefused("the server answered the sign-in without a session cookie", response.status);
  return { cookie };
}
