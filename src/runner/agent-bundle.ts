/**
 * Agent processes run a plain-JavaScript build of src/agent (dist/agent.mjs): no TypeScript
 * loader in each process keeps them small and quick to start. The build is redone when a
 * source file is newer than it; packages stay in node_modules.
 */
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const AGENT_BUNDLE = path.join(ROOT, "dist/agent.cjs");
const SOURCES = ["src/agent", "src/schemas", "src/infra/keys.ts", "src/domain/tasks/outcome-signature.ts"].map((p) =>
  path.join(ROOT, p),
);

function newestSource(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSource(path.join(entry, name))));
}

let building: Promise<string> | undefined;

export function ensureAgentBundle(): Promise<string> {
  building ??= (async () => {
    const stale = !existsSync(AGENT_BUNDLE) || Math.max(...SOURCES.map(newestSource)) > statSync(AGENT_BUNDLE).mtimeMs;
    if (stale) {
      await build({
        entryPoints: [path.join(ROOT, "src/agent/main.ts")],
        outfile: AGENT_BUNDLE,
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        // One file with its packages: a process that loads one module starts much faster than one resolving hundreds.
        mainFields: ["module", "main"],
        minify: true,
        sourcemap: "linked",
        logLevel: "error",
      });
    }
    return AGENT_BUNDLE;
  })();
  return building;
}

let sharedCopy: string | undefined;

/**
 * The bundle at a path every OS user can read: an agent that runs as an unprivileged user
 * cannot be expected to reach into the folder Myzel was installed in (e.g. under /root).
 * The bundle is self-contained, so a copy runs anywhere.
 */
export async function sharedAgentBundle(): Promise<string> {
  const source = await ensureAgentBundle();
  const content = readFileSync(source);
  const target = path.join(
    os.tmpdir(),
    "myzel-agents",
    `agent-${createHash("sha256").update(content).digest("hex").slice(0, 16)}.cjs`,
  );
  if (sharedCopy !== target) {
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    chmodSync(path.dirname(target), 0o755);
    if (!existsSync(target)) writeFileSync(target, content, { mode: 0o644 });
    sharedCopy = target;
  }
  return target;
}
