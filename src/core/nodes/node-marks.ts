/** What PostgreSQL knows of nodes beyond their heartbeat: labels, cordon and drain marks. */
import type { Database } from "../../infra/database/client";
import { nodeLabelsSchema } from "../../schemas/node-labels";

export interface NodeMarks {
  labels: Record<string, string>;
  cordoned: boolean;
  drainingAt: Date | null;
}

const NONE: NodeMarks = { labels: {}, cordoned: false, drainingAt: null };

export async function nodeMarks(db: Database, ids: readonly string[]): Promise<Map<string, NodeMarks>> {
  const rows = ids.length
    ? await db.node.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, labels: true, cordoned: true, drainingAt: true },
      })
    : [];
  const marks = new Map(ids.map((id) => [id, NONE]));
  for (const row of rows) {
    const labels = nodeLabelsSchema.safeParse(row.labels);
    marks.set(row.id, {
      labels: labels.success ? labels.data : {},
      cordoned: row.cordoned,
      drainingAt: row.drainingAt,
    });
  }
  return marks;
}
