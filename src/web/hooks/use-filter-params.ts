"use client";
import { createParser, type Nullable, type ParserMap, useQueryState, useQueryStates, type Values } from "nuqs";

/** A page's offset: a whole number from 0; anything else reads as the first page. */
export const parseAsOffset = createParser({
  parse: (value) => {
    const offset = Number(value);
    return Number.isInteger(offset) && offset >= 0 ? offset : null;
  },
  serialize: String,
}).withDefault(0);

/** A checkbox: "1" in the URL when on, left out when off. */
export const parseAsFlag = createParser<boolean>({
  parse: (value) => (value === "1" ? true : null),
  serialize: () => "1",
}).withDefault(false);

export type FilterValues<P extends ParserMap> = Values<P>;
/** Filters to change; null unsets one. */
export type FilterPatch<P extends ParserMap> = Partial<Nullable<Values<P>>>;

/**
 * A list page's filters and offset, kept in the URL's query so a view can be shared, reloaded
 * and navigated back to. Values are typed by their parsers; one that does not parse (an
 * unknown status) reads as unset. Changing a filter starts again at the first page.
 */
export function useFilterParams<P extends ParserMap>(parsers: P) {
  const [filters, setValues] = useQueryStates(parsers, { scroll: false });
  const [offset, setOffset] = useQueryState("offset", parseAsOffset.withOptions({ scroll: false }));

  const setFilters = (patch: FilterPatch<P>) => {
    void setValues(patch);
    void setOffset(null);
  };
  const clearFilters = () => {
    void setValues(null);
    void setOffset(null);
  };
  return { filters, offset, setFilters, clearFilters, setOffset: (next: number) => void setOffset(next) };
}
