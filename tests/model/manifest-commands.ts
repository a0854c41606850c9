/**
 * Manifests in the lifecycle model: whatever happened to a cluster, its manifest states the
 * status the model expects and the size it planned, and its front matter is a blueprint that an
 * upload accepts, with the id the cluster was made from.
 */
import type { ManifestDto } from "../../src/schemas/manifest-api";
import { InvariantError } from "./checks";
import { OnCluster } from "./command-base";
import type { LifecycleModel } from "./model";
import type { RealRun } from "./real";

export class ReadManifest extends OnCluster {
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const { markdown } = await r.api.read<ManifestDto>(`/api/clusters/${c.id}/manifest`);
    if (!markdown.includes(`- Status: **${c.status}** since`))
      throw new InvariantError("manifest", `${this.resolved}'s manifest does not say it is ${c.status}`);
    const planned = /- Agents running: \d+ of (\d+) planned/.exec(markdown)?.[1];
    if (c.status !== "DESTROYED" && Number(planned) !== c.planned)
      throw new InvariantError(
        "manifest",
        `${this.resolved}'s manifest plans ${planned} agents, the model ${c.planned}`,
      );
    const check = await r.api.call<{ valid: boolean; issues: unknown[] }>("POST", "/api/blueprints/validate", {
      manifest: markdown,
    });
    if (check.status !== 200 || !check.body.valid)
      throw new InvariantError(
        "manifest",
        `${this.resolved}'s manifest does not parse back: ${JSON.stringify(check.body)}`,
      );
    if (!new RegExp(`\\bid: ${c.blueprint.id}\\b`).test(markdown.split("\n---\n")[0]!))
      throw new InvariantError(
        "manifest",
        `${this.resolved}'s manifest's front matter is not blueprint ${c.blueprint.id}`,
      );
    await r.settle();
  }
  toString = () => `readManifest(${this.resolved})`;
}
