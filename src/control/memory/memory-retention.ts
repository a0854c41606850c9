/**
 * The leader's retention loop for shared memory: deletes the namespaces of destroyed clusters
 * once their retention (MYZEL_MEMORY_RETENTION_DAYS) is over, and the rows of expired values
 * (which every read already treats as absent).
 */
import type { CoreDeps } from "../../core/deps";
import { every, type Loop } from "../../core/every";
import { purgeMemory } from "../../services/memory/namespaces";

const RETENTION_PASS_MS = 60_000;

export function memoryRetention(core: CoreDeps, isLeader: () => boolean): Loop {
  return every(
    RETENTION_PASS_MS,
    async () => {
      if (!isLeader()) return;
      const purged = await purgeMemory(core.db);
      if (purged.namespaces || purged.values) core.log.info(purged, "memory purged after its retention");
    },
    { log: core.log, name: "memory retention" },
  );
}
