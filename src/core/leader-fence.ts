/**
 * The leader's epoch reaches its writes. The lease in Redis says who leads; PostgreSQL holds
 * the highest epoch that ever wrote (the fencing token). A leader writes desired state only in
 * a transaction that first raises the stored epoch to its own (or finds it there) while
 * holding that row's lock: a deposed leader, whose epoch is lower, is refused, and a new
 * leader's first write waits for the old one's transaction to end, so their writes never
 * interleave.
 */
import type { Prisma } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";

export type Tx = Prisma.TransactionClient;

/** A write refused because a newer leader has written since. */
export class FencedOut extends Error {
  constructor(
    readonly epoch: number,
    readonly current: number,
  ) {
    super(`leader epoch ${epoch} is fenced out: epoch ${current} has written since`);
    this.name = "FencedOut";
  }
}

export interface LeaderClaim {
  epoch: number;
  holder: string;
}

/** Runs `write` only while `claim` is the newest epoch; the rows it writes commit with that check. */
export async function fencedWrite<T>(db: Database, claim: LeaderClaim, write: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    // ON CONFLICT locks the row even when its WHERE is false: the check and the write are one step.
    await tx.$executeRaw`
      INSERT INTO control_leader (id, epoch, holder) VALUES (1, ${claim.epoch}, ${claim.holder})
      ON CONFLICT (id) DO UPDATE SET epoch = EXCLUDED.epoch, holder = EXCLUDED.holder, since = now(),
        failovers = control_leader.failovers + CASE WHEN control_leader.holder <> EXCLUDED.holder THEN 1 ELSE 0 END
      WHERE control_leader.epoch < EXCLUDED.epoch`;
    const [row] = await tx.$queryRaw<Array<{ epoch: number }>>`SELECT epoch FROM control_leader WHERE id = 1`;
    if (!row || row.epoch !== claim.epoch) throw new FencedOut(claim.epoch, row?.epoch ?? 0);
    return write(tx);
  });
}

/** Who leads per PostgreSQL, and how often leadership moved to another server. */
export async function leaderRecord(db: Database) {
  return db.controlLeader.findUnique({ where: { id: 1 } });
}
