/**
 * The keyset query behind every list: rows ordered by a timestamp column and id, newest
 * first, read from the cursor on (see domain/paging/cursor.ts). Each list gives its filters,
 * its fetch and its count; this adds the keyset condition and the order, and cuts the page.
 */
import { cutPage, decodeCursor, planPage } from "../domain/paging/cursor";
import type { Page } from "../schemas/common";
import { AppError } from "./app-error";

type Order = "asc" | "desc";
type Compare<T> = { lt: T } | { gt: T };

/** The condition "beyond the cursor" on the sort column K and id; {} on a first page. */
export type KeysetWhere<K extends string> =
  | Record<never, never>
  | { OR: [{ [P in K]: Compare<Date> }, { [P in K]: Date } & { id: Compare<string> }] };

export interface KeysetQuery<K extends string> {
  where: KeysetWhere<K>;
  orderBy: [{ [P in K]: Order }, { id: Order }];
  take: number;
}

export interface PageInput {
  limit: number;
  cursor?: string | undefined;
}

export async function keysetPage<K extends string, Row extends { id: string } & { [P in K]: Date }, Out>(
  input: PageInput,
  key: K,
  query: {
    fetch: (keyset: KeysetQuery<K>) => Promise<Row[]>;
    count: () => Promise<number>;
    toDto: (row: Row) => Out;
  },
): Promise<Page<Out>> {
  const cursor = input.cursor === undefined ? null : decodeCursor(input.cursor);
  if (input.cursor !== undefined && cursor === null) {
    throw new AppError("BAD_REQUEST", "cursor is not one this list gave out", [
      { path: "/cursor", message: "send nextCursor or prevCursor as it came" },
    ]);
  }
  const keyOf = (row: Row) => ({ at: row[key].getTime(), id: row.id });
  const read = async (from: typeof cursor) => {
    const plan = planPage(from, input.limit);
    const op = plan.order === "desc" ? "lt" : "gt";
    const where = plan.after
      ? {
          OR: [
            { [key]: { [op]: new Date(plan.after.at) } },
            { [key]: new Date(plan.after.at), id: { [op]: plan.after.id } },
          ],
        }
      : {};
    const orderBy = [{ [key]: plan.order }, { id: plan.order }];
    const rows = await query.fetch({ where, orderBy, take: plan.take } as KeysetQuery<K>);
    return cutPage(plan, rows, input.limit, keyOf);
  };
  const [cut, total] = await Promise.all([read(cursor), query.count()]);
  // Paging back reached the newest rows: answer the first page, whole.
  const final = cut.rows === null ? await read(null) : cut;
  return {
    items: (final.rows ?? []).map(query.toDto),
    total,
    limit: input.limit,
    nextCursor: final.nextCursor,
    prevCursor: final.prevCursor,
  };
}
