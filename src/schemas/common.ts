import { z } from "zod";

export const uuid = z.uuid({ error: "expected an id (a UUID)" });
export const isoDate = z.iso.datetime({ offset: true });
export const idInput = z.object({ id: uuid });

export const pagination = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
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

/** A yes/no in a query string ("true"/"false", "1"/"0") or a JSON boolean from the tRPC client. */
export const queryBoolean = z.preprocess(
  (value) => (value === "false" || value === "0" ? false : value === "true" || value === "1" ? true : value),
  z.boolean(),
);
