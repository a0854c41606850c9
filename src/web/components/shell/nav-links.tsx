"use client";
import clsx from "clsx";
import {
  Boxes,
  BrainCircuit,
  FileCode2,
  HeartPulse,
  LayoutDashboard,
  ListChecks,
  type LucideIcon,
  Network,
  Server,
  ShieldCheck,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

const ITEMS = [
  { href: "/", label: "Overview", icon: LayoutDashboard },
  { href: "/clusters", label: "Clusters", icon: Network },
  { href: "/tasks", label: "Tasks", icon: ListChecks },
  { href: "/approvals", label: "Approvals", icon: ShieldCheck },
  { href: "/healing", label: "Healing", icon: HeartPulse },
  { href: "/nodes", label: "Nodes", icon: Server },
  { href: "/memory", label: "Memory", icon: BrainCircuit },
  { href: "/blueprints", label: "Blueprints", icon: Boxes },
  { href: "/api-docs", label: "API", icon: FileCode2 },
] as const;

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <ul className="flex flex-col gap-0.5">
      {ITEMS.map((item) => (
        <NavItem key={item.href} {...item} onNavigate={onNavigate} />
      ))}
    </ul>
  );
}

interface NavItemProps {
  href: string;
  label: string;
  icon: LucideIcon;
  onNavigate?: () => void;
}

export function NavItem({ href, label, icon: Icon, onNavigate }: NavItemProps) {
  const pathname = usePathname();
  const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <li>
      <Link
        href={href}
        onClick={onNavigate}
        aria-current={active ? "page" : undefined}
        className={clsx(
          "flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium transition-colors",
          "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-500",
          active
            ? "bg-zinc-200/70 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
            : "text-zinc-600 hover:bg-zinc-200/40 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100",
        )}
      >
        <Icon
          className={clsx("size-4", active ? "text-emerald-600 dark:text-emerald-400" : "opacity-80")}
          aria-hidden
        />
        {label}
      </Link>
    </li>
  );
}
