/** The audit log: one row per mutating call, written by the procedure helpers in api/trpc.ts. */
import type { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { Actor, auditListInput } from "../schemas/auth-api";
import { keysetPage } from "./keyset-page";

export interface AuditRecord {
  /** null: an anonymous call (only public procedures, i.e. the one-time setup, get this far). */
  actor: Actor | null;
  /** An agent writing shared memory with its credential (then there is no actor). */
  agent?: { id: string; key: string } | null;
  /** A decision the leader made by itself (an approval timing out): its name here, no actor. */
  system?: string;
  action: string;
  target: string | null;
  ip: string | null;
  userAgent: string | null;
  outcome: string;
}

export async function recordAudit(db: Database, entry: AuditRecord) {
  await db.auditEntry.create({
    data: {
      actorType: entry.actor?.type ?? (entry.agent ? "agent" : entry.system ? "system" : "anonymous"),
      actorId: entry.actor?.id ?? entry.agent?.id ?? "",
      actorName: entry.actor?.name ?? entry.agent?.key ?? entry.system ?? "anonymous",
      role: entry.actor?.role ?? null,
      action: entry.action,
      target: entry.target,
      ip: entry.ip,
      userAgent: entry.userAgent?.slice(0, 500) ?? null,
      outcome: entry.outcome,
    },
  });
}

export async function listAudit(db: Database, input: z.infer<typeof auditListInput>) {
  const where: Prisma.AuditEntryWhereInput = {
    ...(input.actorId ? { actorId: input.actorId } : {}),
    ...(input.action ? { action: input.action } : {}),
    ...(input.target ? { target: input.target } : {}),
    ...(input.since ? { at: { gte: new Date(input.since) } } : {}),
  };
  return keysetPage(input, "at", {
    fetch: (keyset) => db.auditEntry.findMany({ ...keyset, where: { AND: [where, keyset.where] } }),
    count: () => db.auditEntry.count({ where }),
    toDto: (row) => ({ ...row, at: row.at.toISOString() }),
  });
}
