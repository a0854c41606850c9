import { z } from "zod";

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

export const pagination = {
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
};

export const issueSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}
