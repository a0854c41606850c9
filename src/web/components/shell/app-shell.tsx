"use client";
import clsx from "clsx";
import { BookOpen, Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useState } from "react";
import { AdminNavLinks } from "./admin-nav-links";
import { ConnectionBanner } from "./connection-banner";
import { LiveIndicator } from "./live-indicator";
import { Wordmark } from "./logo";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** Pages shown before anyone is signed in: no sidebar, no live connection. */
const OUTSIDE_PATHS = ["/sign-in", "/setup"];

/** The frame of every page: sidebar on wide screens, a top bar with a menu on narrow ones. */
export function AppShell({ children }: { children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const pathname = usePathname();
  if (OUTSIDE_PATHS.includes(pathname)) return <main id="main">{children}</main>;
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[14rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-zinc-900"
      >
        Skip to content
      </a>

      <header className="sticky top-0 z-30 flex h-12 items-center justify-between border-b border-zinc-200 bg-zinc-50/90 px-4 backdrop-blur lg:hidden dark:border-zinc-800 dark:bg-zinc-950/90">
        <Link href="/" aria-label="Myzel home">
          <Wordmark />
        </Link>
        <button
          type="button"
          onClick={() => setMenuOpen((open) => !open)}
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          aria-label={menuOpen ? "Close menu" : "Open menu"}
          className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-200/60 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          {menuOpen ? <X className="size-5" aria-hidden /> : <Menu className="size-5" aria-hidden />}
        </button>
      </header>

      {menuOpen && (
        <div className="fixed inset-0 z-30 bg-zinc-950/30 lg:hidden" onClick={() => setMenuOpen(false)} aria-hidden />
      )}

      {/* The column carries border and background down the whole page; its content stays in view. */}
      <div
        className={clsx(
          "fixed inset-y-0 left-0 z-40 w-56 border-r border-zinc-200 bg-zinc-100 transition-transform dark:border-zinc-800 dark:bg-zinc-900",
          "lg:static lg:z-auto lg:w-auto lg:translate-x-0 lg:bg-zinc-100/60 lg:dark:bg-zinc-900/40",
          menuOpen ? "translate-x-0" : "-translate-x-full",
        )}
      >
        <aside id="sidebar" className="flex h-dvh flex-col lg:sticky lg:top-0">
          <div className="flex h-14 items-center px-4">
            <Link
              href="/"
              aria-label="Myzel home"
              className="rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-500"
            >
              <Wordmark />
            </Link>
          </div>
          <nav aria-label="Main" className="flex-1 px-2 pt-2">
            <NavLinks onNavigate={() => setMenuOpen(false)} />
            <AdminNavLinks onNavigate={() => setMenuOpen(false)} />
          </nav>
          <div className="space-y-3 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <a
              href="/schemas/blueprint.json"
              className="flex items-center gap-2 text-xs text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            >
              <BookOpen className="size-3.5" aria-hidden />
              Blueprint schema
            </a>
            <div className="flex items-center justify-between gap-2">
              <LiveIndicator />
              <ThemeToggle />
            </div>
            <UserMenu />
          </div>
        </aside>
      </div>

      <main id="main" className="mx-auto w-full max-w-[1400px] min-w-0 px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
        {children}
      </main>
      <ConnectionBanner />
    </div>
  );
}
