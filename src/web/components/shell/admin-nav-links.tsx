"use client";
import { Archive, BellRing, Gauge, KeyRound, ScrollText, Users } from "lucide-react";
import { usePermissions } from "../../hooks/use-permissions";
import { NavItem } from "./nav-links";

const ITEMS = [
  { href: "/admin/users", label: "Users", icon: Users },
  { href: "/admin/tokens", label: "API tokens", icon: KeyRound },
  { href: "/admin/audit", label: "Audit log", icon: ScrollText },
  { href: "/admin/alerts", label: "Alert webhooks", icon: BellRing },
  { href: "/admin/providers", label: "Providers", icon: Gauge },
  { href: "/admin/backups", label: "Backups", icon: Archive },
] as const;

/** The admin pages, shown to admins only. */
export function AdminNavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { canAdmin } = usePermissions();
  if (!canAdmin) return null;
  return (
    <div className="mt-4">
      <p className="px-2.5 pb-1 text-[11px] font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
        Admin
      </p>
      <ul className="flex flex-col gap-0.5">
        {ITEMS.map((item) => (
          <NavItem key={item.href} {...item} onNavigate={onNavigate} />
        ))}
      </ul>
    </div>
  );
}
