/**
 * Reading blueprint YAML: how long hostile documents take to be refused, against parsing a
 * normal blueprint, before (`yaml` with its own duplicate-key check, as Myzel parsed until
 * then) and now (parseBlueprint, with the limits of domain/blueprint/yaml-bounds.ts).
 *
 *   npx tsx bench/yaml-parse.ts
 */
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { parseBlueprint } from "../src/domain/blueprint/parse-blueprint";
import { YAML_LIMITS } from "../src/domain/blueprint/yaml-bounds";

const normal = readFileSync(new URL("../blueprints/agent-foundry.yaml", import.meta.url), "utf8");
/** A mapping of `count` short keys (base 36), so that 24,000 of them stay under the size limit. */
const keys = (count: number) =>
  `metadata:\n${Array.from({ length: count }, (_, i) => `  k${i.toString(36)}: 1`).join("\n")}\n`;
const inputs: Record<string, string> = {
  "normal blueprint": normal,
  "12,000 keys": keys(12_000),
  "24,000 keys": keys(24_000),
  "flow nested 100,000 deep": `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
  // The most work an accepted document can ask for: just under the node limit, near the size limit.
  // The document, `metadata`, its mapping and two nodes per pair: 4,000 nodes at most.
  [`largest allowed (${YAML_LIMITS.nodes} nodes)`]: `metadata:\n${Array.from(
    { length: (YAML_LIMITS.nodes - 4) / 2 },
    (_, i) => `  k${i}: ${"x".repeat(40)}`,
  ).join("\n")}\n`,
};

/** Median of `count` runs, in ms; a run that throws (stack overflow) counts as it took. */
function time(run: () => unknown, count = 5): { ms: number; note: string } {
  const runs: number[] = [];
  let note = "";
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    try {
      run();
    } catch (error) {
      note = (error as Error).constructor.name;
    }
    runs.push(performance.now() - started);
  }
  return { ms: runs.sort((a, b) => a - b)[Math.floor(count / 2)]!, note };
}

const before = (text: string) => parseAllDocuments(text, { uniqueKeys: true }).map((doc) => doc.toJS());
const now = (text: string) => {
  const result = parseBlueprint(text);
  return result.ok ? "accepted" : `refused: ${result.issues[0]?.message}`;
};

let base = { before: 0, now: 0 };
console.log(`input | KiB | before ms (× normal) | now ms (× normal) | now says`);
for (const [name, text] of Object.entries(inputs)) {
  // The old parse of the large inputs takes seconds: once is enough to see it.
  const b = time(() => before(text), text.length > 50_000 ? 1 : 5);
  const n = time(() => now(text));
  if (text === normal) base = { before: b.ms, now: n.ms };
  const kib = (Buffer.byteLength(text) / 1024).toFixed(0);
  const ratio = (ms: number, of: number) => `${ms.toFixed(1)} (${(ms / of).toFixed(1)}×)`;
  const said = now(text).slice(0, 70);
  console.log(
    `${name} | ${kib} | ${ratio(b.ms, base.before)}${b.note ? ` ${b.note}` : ""} | ${ratio(n.ms, base.now)} | ${said}`,
  );
}
