import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "./button";

interface PaginationProps {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
}

export function Pagination({ offset, limit, total, onChange }: PaginationProps) {
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between gap-4 border-t border-zinc-200 px-4 py-2.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400"
    >
      <p aria-live="polite">
        {first}–{last} of {total}
      </p>
      <div className="flex gap-1.5">
        <Button
          size="sm"
          onClick={() => onChange(Math.max(0, offset - limit))}
          disabled={offset === 0}
          aria-label="Previous page"
        >
          <ChevronLeft aria-hidden /> Previous
        </Button>
        <Button size="sm" onClick={() => onChange(offset + limit)} disabled={last >= total} aria-label="Next page">
          Next <ChevronRight aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
