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

/** Where to go after signing in: only a path on this site, never another address. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/clusters";
  return next;
}
