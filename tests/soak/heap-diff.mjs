/**
 * `node --max-old-space-size=4096 tests/soak/heap-diff.mjs A.heapsnapshot B.heapsnapshot [N]`:
 * what grew between two heap snapshots, by constructor (objects), or by kind (strings, code,
 * arrays…): count and self size in each, sorted by the growth in size. The first N rows (30).
 */
import { readFileSync } from "node:fs";

function census(file) {
  const snapshot = JSON.parse(readFileSync(file, "utf8"));
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const { nodes, strings } = snapshot;
  const byKey = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    // Objects and closures by name; strings, code and the rest by their kind only.
    const key =
      type === "object" || type === "closure" || type === "native" ? `${type}:${strings[nodes[i + nameAt]]}` : type;
    const entry = byKey.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += nodes[i + sizeAt];
    byKey.set(key, entry);
  }
  return byKey;
}

const [a, b, rows = "30"] = process.argv.slice(2);
if (!a || !b) throw new Error("usage: heap-diff.mjs A.heapsnapshot B.heapsnapshot [rows]");
const before = census(a);
const after = census(b);
const keys = new Set([...before.keys(), ...after.keys()]);
const zero = { count: 0, size: 0 };
const diff = [...keys].map((key) => {
  const x = before.get(key) ?? zero;
  const y = after.get(key) ?? zero;
  return { key, count: y.count - x.count, size: y.size - x.size, countAfter: y.count };
});
diff.sort((p, q) => q.size - p.size);
const total = (m) => [...m.values()].reduce((s, e) => s + e.size, 0);
console.log(`self size: ${(total(before) / 1048576).toFixed(1)} MB → ${(total(after) / 1048576).toFixed(1)} MB`);
console.log("Δ size (KB)  Δ count   count after  what");
for (const d of diff.slice(0, Number(rows)))
  console.log(
    `${(d.size / 1024).toFixed(0).padStart(11)}  ${String(d.count).padStart(7)}  ${String(d.countAfter).padStart(12)}  ${d.key.slice(0, 100)}`,
  );
