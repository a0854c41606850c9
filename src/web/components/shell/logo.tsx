import clsx from "clsx";

/** Myzel's mark: hyphae branching out from one node, the way a mycelium grows. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={clsx("size-7", className)} aria-hidden>
      <rect width="32" height="32" rx="8" className="fill-emerald-600 dark:fill-emerald-500" />
      <g fill="none" stroke="white" strokeLinecap="round" strokeWidth="1.6" opacity="0.95">
        <path d="M16 17c-2-3.2-4.6-5-8.4-6.2" />
        <path d="M16 17c1.6-3.6 4.2-6 8.6-7" />
        <path d="M16 17c-3 1.6-5.6 3.8-7.4 7" />
        <path d="M16 17c2.6 1.4 5 3.6 6.6 6.8" />
        <path d="M16 17c.2-4-.6-7.2-2-10" />
        <path d="M11.4 12.6c-.2-2 .2-3.6 1.2-5" strokeWidth="1.2" />
        <path d="M20.6 12.1c1.6-.6 3-.4 4.4.4" strokeWidth="1.2" />
        <path d="M12.2 21.4c-1.8-.2-3.2.2-4.6 1" strokeWidth="1.2" />
      </g>
      <g fill="white">
        <circle cx="16" cy="17" r="2.6" />
        <circle cx="7.6" cy="10.8" r="1.5" />
        <circle cx="24.6" cy="10" r="1.5" />
        <circle cx="8.6" cy="24" r="1.5" />
        <circle cx="22.6" cy="23.8" r="1.5" />
        <circle cx="14" cy="7" r="1.5" />
      </g>
    </svg>
  );
}

export function Wordmark() {
  return (
    <span className="flex items-center gap-2.5">
      <LogoMark />
      <span className="text-[15px] font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Myzel</span>
    </span>
  );
}
