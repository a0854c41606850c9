/**
 * Blueprint lifecycle steps of the model: archiving (clusters made from it behave as before,
 * new ones are refused) and deleting (refused while a cluster uses it, naming the clusters).
 * Every run starts with both blueprints stored and open; cleanup puts them back so.
 */
import { describe as text } from "./api";
import { checkPrediction, InvariantError } from "./checks";
import type { Cmd } from "./command-base";
import { BLUEPRINTS, type LifecycleModel, predictDeleteBlueprint } from "./model";
import type { RealRun } from "./real";

export class ArchiveBlueprint implements Cmd {
  constructor(
    readonly blueprint: number,
    readonly archive: boolean,
  ) {}
  check = () => true;
  async run(m: LifecycleModel, r: RealRun) {
    const bp = BLUEPRINTS[this.blueprint]!;
    const reply = await r.api.call<{ versions: Array<{ archivedAt: string | null }> }>(
      "POST",
      `/api/blueprints/${bp.id}/${this.archive ? "archive" : "unarchive"}`,
    );
    checkPrediction(`${this} (archived: ${m.archived.has(bp.id)})`, { ok: true }, reply);
    if (reply.body.versions.some((v) => (v.archivedAt !== null) !== this.archive))
      throw new InvariantError(
        "blueprint-archive",
        `${this}: expected every version ${this.archive ? "archived" : "open"}, observed ${text(reply.body)}`,
      );
    if (this.archive) m.archived.add(bp.id);
    else m.archived.delete(bp.id);
    await r.settle();
  }
  toString = () => `${this.archive ? "archive" : "unarchive"}(${BLUEPRINTS[this.blueprint]!.id})`;
}

export class DeleteBlueprint implements Cmd {
  constructor(readonly blueprint: number) {}
  check = () => true;
  async run(m: LifecycleModel, r: RealRun) {
    const bp = BLUEPRINTS[this.blueprint]!;
    // Destroyed in the model means deleted on the server: the record of it is final.
    for (const c of m.clusters.filter((x) => x.blueprint.id === bp.id && x.status === "DESTROYED"))
      await r.api.waitCluster(c.id, "DESTROYED", 30_000);
    const prediction = predictDeleteBlueprint(m, bp);
    const reply = await r.api.call<{ detail?: string }>("DELETE", `/api/blueprints/${bp.id}`);
    checkPrediction(`${this}`, prediction, reply);
    if (!prediction.ok) {
      const unnamed = m.live().filter((c) => c.blueprint.id === bp.id && !reply.body.detail?.includes(c.name));
      if (unnamed.length)
        throw new InvariantError(
          "delete-names-users",
          `${this}: expected the refusal to name ${unnamed.map((c) => c.name).join(", ")}, observed: ${reply.body.detail}`,
        );
    } else {
      const gone = await r.api.call("GET", `/api/blueprints/${bp.id}`);
      if (gone.status !== 404)
        throw new InvariantError("blueprint-deleted", `${this}: expected GET to answer 404, observed ${gone.status}`);
      // Uploaded again, it is back and open: the next steps and runs create clusters from it.
      const again = await r.api.call<{ created: boolean }>("POST", "/api/blueprints", { yaml: bp.yaml });
      checkPrediction(`upload ${bp.id} again after deleting it`, { ok: true }, again);
      m.archived.delete(bp.id);
    }
    await r.settle();
  }
  toString = () => `deleteBlueprint(${BLUEPRINTS[this.blueprint]!.id})`;
}
