"use client";
import { createParser, type Nullable, type ParserMap, useQueryState, useQueryStates, type Values } from "nuqs";
import { decodeCursor } from "../../domain/paging/cursor";

/** Where a page starts: a cursor the list answered with; anything else reads as the first page. */
export const parseAsCursor = createParser({
  parse: (value) => (decodeCursor(value) === null ? null : value),
  serialize: String,
});

/** A checkbox: "1" in the URL when on, left out when off. */
export const parseAsFlag = createParser<boolean>({
  parse: (value) => (value === "1" ? true : null),
  serialize: () => "1",
}).withDefault(false);

export type FilterValues<P extends ParserMap> = Values<P>;
/** Filters to change; null unsets one. */
export type FilterPatch<P extends ParserMap> = Partial<Nullable<Values<P>>>;

/**
 * A list page's filters and cursor, kept in the URL's query so a view can be shared, reloaded
 * and navigated back to. Values are typed by their parsers; one that does not parse (an
 * unknown status) reads as unset. Changing a filter starts again at the first page.
 */
export function useFilterParams<P extends ParserMap>(parsers: P) {
  const [filters, setValues] = useQueryStates(parsers, { scroll: false });
  const [cursor, setCursor] = useQueryState("cursor", parseAsCursor.withOptions({ scroll: false }));

  const setFilters = (patch: FilterPatch<P>) => {
    void setValues(patch);
    void setCursor(null);
  };
  const clearFilters = () => {
    void setValues(null);
    void setCursor(null);
  };
  return {
    filters,
    cursor: cursor ?? undefined,
    setFilters,
    clearFilters,
    setCursor: (next: string | null) => void setCursor(next),
  };
}
