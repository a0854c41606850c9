import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "./button";

interface PaginationProps {
  /** The page as the list answered: its rows, the total, and the cursors of its neighbours. */
  page: { items: readonly unknown[]; total: number; nextCursor: string | null; prevCursor: string | null };
  /** Goes to the page a cursor names; null is the first (newest) page. */
  onChange: (cursor: string | null) => void;
}

/**
 * Newer and older pages of a list that pages by cursor: new rows arriving meanwhile never
 * shift the page a person is reading, so it shows "n of total" rather than a row range.
 */
export function Pagination({ page, onChange }: PaginationProps) {
  const { nextCursor, prevCursor } = page;
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between gap-4 border-t border-zinc-200 px-4 py-2.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400"
    >
      <p aria-live="polite">
        {page.items.length} of {page.total}
      </p>
      <div className="flex gap-1.5">
        <Button size="sm" onClick={() => onChange(null)} disabled={prevCursor === null} aria-label="Newest page">
          Newest
        </Button>
        <Button size="sm" onClick={() => onChange(prevCursor)} disabled={prevCursor === null} aria-label="Newer page">
          <ChevronLeft aria-hidden /> Newer
        </Button>
        <Button size="sm" onClick={() => onChange(nextCursor)} disabled={nextCursor === null} aria-label="Older page">
          Older <ChevronRight aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
