import { z } from "zod";
import { decodeCursor, MAX_CURSOR_LENGTH } from "../domain/paging/cursor";

export const uuid = z.uuid({ error: "expected an id (a UUID)" });
export const isoDate = z.iso.datetime({ offset: true });
/**
 * Every input is a strict object: a key the procedure does not declare (a typo such as
 * `dryrun`) is refused by name rather than dropped. src/api/input-schemas.test.ts checks them all.
 */
export const idInput = z.strictObject({ id: uuid });
/** The input of a procedure that takes none: `{}`, and nothing else. */
export const noInput = z.strictObject({});

/**
 * The most calls one tRPC batch may hold: a dashboard page batches about ten queries. The
 * server refuses a larger batch; the clients split theirs at this size.
 */
export const MAX_BATCH_CALLS = 20;

/**
 * Keyset paging of every list: newest first, `limit` rows a page, and the `cursor` a page
 * answered with (`nextCursor` for older rows, `prevCursor` for newer ones). There is no offset:
 * a row inserted meanwhile would shift an offset's page and show a row twice.
 */
export const pagination = {
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(MAX_CURSOR_LENGTH)
    .refine(
      (text) => decodeCursor(text) !== null,
      "not a cursor this list gave out: send nextCursor or prevCursor as it came",
    )
    .optional()
    .describe("where the page starts: nextCursor or prevCursor of the page before (absent: the newest rows)"),
};

/** The input of a list that has no filters: only the page. */
export const pageInput = z.strictObject(pagination);

export const issueSchema = z
  .object({
    path: z
      .string()
      .describe(
        'where, as a JSON Pointer (RFC 6901) into the input: `/agents/2/reports_to`; `""` for the input as a whole',
      ),
    message: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
  })
  .meta({ id: "Issue" });

export type Issue = z.infer<typeof issueSchema>;

const pages = new WeakMap<z.ZodType, z.ZodType>();

/** One page of a list; named after its item (`Task` → `TaskPage`) in the OpenAPI document. */
export function page<T extends z.ZodType>(item: T) {
  const made = () => {
    const id = z.globalRegistry.get(item)?.id;
    const schema = z.object({
      items: z.array(item),
      total: z.number().int().describe("rows that match the filters, on every page"),
      limit: z.number().int(),
      nextCursor: z.string().nullable().describe("the cursor of the next (older) page; null on the last page"),
      prevCursor: z.string().nullable().describe("the cursor of the page before (newer rows); null on the first page"),
    });
    return id ? schema.meta({ id: `${id}Page` }) : schema;
  };
  const schema = (pages.get(item) ?? made()) as ReturnType<typeof made>;
  pages.set(item, schema);
  return schema;
}

/** A page as the services answer it, before it is checked against `page(item)`. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  nextCursor: string | null;
  prevCursor: string | null;
}
