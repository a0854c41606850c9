/**
 * Where a browser asking for a dashboard page goes: the one-time setup while Myzel has no
 * user, the sign-in page without a session, else the page it asked for.
 */
const ALWAYS_OPEN = ["/_next/", "/favicon.ico", "/icon.svg", "/robots.txt", "/__nextjs"];

/** Scripts, styles and icons of the pages: served to anyone, without looking up a session. */
export function isOpenAsset(pathname: string): boolean {
  return ALWAYS_OPEN.some((open) => pathname === open || (open.endsWith("/") && pathname.startsWith(open)));
}

export function dashboardRedirect(
  page: { pathname: string; search: string },
  state: { needsSetup: boolean; signedIn: boolean },
): string | null {
  const { pathname } = page;
  if (isOpenAsset(pathname)) return null;
  if (state.needsSetup) return pathname === "/setup" ? null : "/setup";
  if (pathname === "/setup") return state.signedIn ? "/clusters" : "/sign-in";
  if (pathname === "/sign-in") return state.signedIn ? "/clusters" : null;
  if (state.signedIn) return null;
  const back = `${pathname}${page.search}`;
  return back === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(back)}`;
}

const HOME = "/clusters";

/**
 * Where to go after signing in: a path on this site, never another address. `next` is read
 * the way the browser will read it (`new URL` strips tabs and newlines and turns `\` into `/`),
 * so `/%09/evil.example`, `//evil`, `/\evil` and `https:…` cannot lead away; the path handed
 * back is checked again, because a normalised path such as `//evil` would itself be read as a host.
 */
export function safeNextPath(next: string | null | undefined, origin: string): string {
  if (!next) return HOME;
  const sameOrigin = (value: string) => {
    try {
      const url = new URL(value, origin);
      return url.origin === new URL(origin).origin ? url : null;
    } catch {
      return null;
    }
  };
  const target = sameOrigin(next);
  if (!target) return HOME;
  const path = `${target.pathname}${target.search}${target.hash}`;
  return sameOrigin(path) && path.startsWith("/") && !path.startsWith("//") ? path : HOME;
}
