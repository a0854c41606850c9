/**
 * Shared memory as steps of the lifecycle: values written with and without compare-and-set,
 * deleted, raced for by concurrent writers, and documents stored and searched — on clusters in
 * every state, so a hibernated cluster's memory is used and a destroyed one's is refused. What
 * the memory holds is checked after every step (memory-checks.ts).
 */
import { randomBytes } from "node:crypto";
import type { MemoryDocumentDto, MemoryValueDto, SearchResult } from "../../src/schemas/memory-api";
import { describe, type Reply } from "./api";
import { checkPrediction, InvariantError } from "./checks";
import { OnCluster, pick } from "./command-base";
import { type ClusterModel, type LifecycleModel, predictMemoryWrite } from "./model";
import type { RealRun } from "./real";

export const MEMORY_KEYS = ["plan", "notes", "owner"];
const COUNTER = "counter";

const base = (namespaceId: string) => `/api/memory/namespaces/${namespaceId}`;

/** The cluster's `shared` namespace (made with the cluster; archived, not gone, once it is destroyed). */
export async function sharedNamespace(r: RealRun, c: ClusterModel): Promise<string> {
  if (c.memory.namespaceId) return c.memory.namespaceId;
  const page = await r.api.read<{ items: Array<{ id: string; name: string }> }>(
    `/api/memory/namespaces?clusterId=${c.id}&includeArchived=true`,
  );
  const shared = page.items.find((ns) => ns.name === "shared");
  if (!shared)
    throw new InvariantError(
      "memory-namespace",
      `cluster ${c.name} has no "shared" namespace; it has ${JSON.stringify(page.items.map((ns) => ns.name))}`,
    );
  c.memory.namespaceId = shared.id;
  return shared.id;
}

/** A 409 for a stale version names the current one, so a client can retry without reading again. */
function checkNamesCurrentVersion(what: string, reply: Reply, current: number) {
  const issues = (reply.body as { issues?: Array<{ message: string }> }).issues ?? [];
  if (!issues.some((issue) => issue.message.includes(`current version is ${current}`)))
    throw new InvariantError(
      "memory-conflict-names-version",
      `${what}: expected the 409 to name the current version ${current}; observed ${describe(reply.body)} ${JSON.stringify(issues)}`,
    );
}

type PutMode = "plain" | "cas" | "stale" | "only-if-absent";

/** PUT a value: plainly, with the model's version, with a version that is not current, or only if absent. */
export class MemoryPut extends OnCluster {
  constructor(
    index: number,
    readonly key: number,
    readonly mode: PutMode,
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const key = pick(MEMORY_KEYS, this.key);
    const current = c.memory.values.get(key)?.version ?? 0;
    const expectedVersion = { plain: undefined, cas: current, stale: current + 1, "only-if-absent": 0 }[this.mode];
    const value = { step: r.system.totals.steps, mode: this.mode };
    const prediction = predictMemoryWrite(c, key, expectedVersion);
    const reply = await r.api.call<MemoryValueDto>("PUT", `${base(await sharedNamespace(r, c))}/values/${key}`, {
      value,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    });
    const what = `PUT ${key} (${this.mode}, expectedVersion ${expectedVersion ?? "none"}) in ${this.resolved} (${c.status}, at version ${current})`;
    checkPrediction(what, prediction, reply);
    if (!prediction.ok && c.status !== "DESTROYED") checkNamesCurrentVersion(what, reply, current);
    if (prediction.ok) {
      if (reply.body.version !== current + 1)
        throw new InvariantError(
          "memory-versions",
          `${what}: expected version ${current + 1}, observed ${reply.body.version}`,
        );
      c.memory.values.set(key, { value, version: current + 1 });
    }
    await r.settle();
  }
  toString = () => `memoryPut(${this.resolved}, ${pick(MEMORY_KEYS, this.key)}, ${this.mode})`;
}

/** DELETE a value with the model's version: gone at once, `deleted` saying whether there was one. */
export class MemoryDelete extends OnCluster {
  constructor(
    index: number,
    readonly key: number,
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const key = pick(MEMORY_KEYS, this.key);
    const held = c.memory.values.get(key);
    const version = held?.version ?? 0;
    const reply = await r.api.call<{ deleted: boolean }>(
      "DELETE",
      `${base(await sharedNamespace(r, c))}/values/${key}?expectedVersion=${version}`,
    );
    const what = `DELETE ${key} at version ${version} in ${this.resolved} (${c.status})`;
    checkPrediction(what, predictMemoryWrite(c, key, version), reply);
    if (reply.status === 200) {
      if (reply.body.deleted !== !!held)
        throw new InvariantError(
          "memory-delete",
          `${what}: expected deleted ${!!held}, observed ${reply.body.deleted}`,
        );
      c.memory.values.delete(key);
    }
    await r.settle();
  }
  toString = () => `memoryDelete(${this.resolved}, ${pick(MEMORY_KEYS, this.key)})`;
}

/** Attempts a writer makes before the race counts as lost updates (each 409 is another writer's success). */
const MAX_ATTEMPTS = 200;

/**
 * `writers` clients increment one counter at once, each reading it and writing it back with
 * compare-and-set, again after every 409: the counter must end exactly `writers` higher.
 */
export class MemoryCasRace extends OnCluster {
  constructor(
    index: number,
    readonly writers: number,
  ) {
    super(index);
  }
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const url = `${base(await sharedNamespace(r, c))}/values/${COUNTER}`;
    const before = c.memory.values.get(COUNTER);
    if (c.status === "DESTROYED") {
      const reply = await r.api.call("PUT", url, { value: 0 });
      checkPrediction(`PUT ${COUNTER} in destroyed ${this.resolved}`, predictMemoryWrite(c, COUNTER), reply);
      return r.settle();
    }
    const increment = async (writer: number) => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const read = await r.api.call<MemoryValueDto>("GET", url);
        if (read.status !== 200 && read.status !== 404)
          throw new InvariantError(
            "memory-cas",
            `writer ${writer}: GET ${COUNTER} answered ${read.status}: ${describe(read.body)}`,
          );
        const [value, version] = read.status === 200 ? [read.body.value as number, read.body.version] : [0, 0];
        const write = await r.api.call("PUT", url, { value: value + 1, expectedVersion: version });
        if (write.status === 200) return;
        if (write.status !== 409)
          throw new InvariantError(
            "memory-cas",
            `writer ${writer}: PUT answered ${write.status}: ${describe(write.body)}`,
          );
      }
      throw new InvariantError("memory-cas", `writer ${writer} lost ${MAX_ATTEMPTS} compare-and-set rounds in a row`);
    };
    await Promise.all(Array.from({ length: this.writers }, (_, writer) => increment(writer)));
    const after = await r.api.read<MemoryValueDto>(url);
    const expected = ((before?.value as number | undefined) ?? 0) + this.writers;
    if (after.value !== expected || after.version !== (before?.version ?? 0) + this.writers)
      throw new InvariantError(
        "memory-cas-loses-nothing",
        `${this}: ${this.writers} increments of ${JSON.stringify(before ?? null)} should give ${expected} at version ${(before?.version ?? 0) + this.writers}; observed ${after.value} at version ${after.version}`,
      );
    c.memory.values.set(COUNTER, { value: after.value, version: after.version });
    await r.settle();
  }
  toString = () => `memoryCasRace(${this.resolved}, ${this.writers} writers)`;
}

/**
 * Stores a document holding a made-up word, then searches for it as written and misspelt: the
 * document must be the best hit for the word, and among the hits for the misspelling.
 */
export class MemoryDocument extends OnCluster {
  async run(m: LifecycleModel, r: RealRun) {
    const c = this.cluster(m);
    const ns = base(await sharedNamespace(r, c));
    // Digits make it a "numword": every search language keeps it as written (no stemming).
    const word = `k${randomBytes(4).toString("hex")}7q`;
    const reply = await r.api.call<MemoryDocumentDto>("POST", `${ns}/documents`, {
      title: `Finding ${m.clusters.indexOf(c)}`,
      text: `The ${word} figures were checked twice.`,
      tags: ["model"],
    });
    checkPrediction(`POST a document to ${this.resolved} (${c.status})`, predictMemoryWrite(c, null), reply);
    if (reply.status === 201) c.memory.documents.set(word, reply.body.id);
    for (const [stored, id] of [...c.memory.documents].slice(-2)) {
      const exact = await r.api.read<SearchResult>(`${ns}/search?q=${stored}`);
      if (exact.hits[0]?.document.id !== id)
        throw new InvariantError(
          "memory-search",
          `searching ${this.resolved} for "${stored}": expected document ${id} first; observed ${JSON.stringify(exact.hits.map((h) => h.document.id))}`,
        );
      const misspelt = `${stored.slice(0, -1)}x`;
      const near = await r.api.read<SearchResult>(`${ns}/search?q=${misspelt}`);
      if (!near.hits.some((hit) => hit.document.id === id))
        throw new InvariantError(
          "memory-search",
          `searching ${this.resolved} for "${misspelt}" (one letter off "${stored}"): expected document ${id} among ${JSON.stringify(near.hits.map((h) => h.document.id))}`,
        );
    }
    await r.settle();
  }
  toString = () => `memoryDocument(${this.resolved})`;
}
