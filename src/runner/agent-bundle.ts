/**
 * Agent processes run a plain-JavaScript build of src/agent (dist/agent.mjs): no TypeScript
 * loader in each process keeps them small and quick to start. The build is redone when a file
 * it was built from (any of them, as esbuild lists them) is newer than it; native addons stay
 * in node_modules.
 */
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const AGENT_BUNDLE = path.join(ROOT, "dist/agent.cjs");
/** The files the last build read (esbuild's metafile), beside it: the build is stale when one changed. */
const INPUTS = path.join(ROOT, "dist/agent.inputs.json");

function stale(): boolean {
  if (!existsSync(AGENT_BUNDLE) || !existsSync(INPUTS)) return true;
  const built = statSync(AGENT_BUNDLE).mtimeMs;
  const inputs = JSON.parse(readFileSync(INPUTS, "utf8")) as string[];
  return inputs.some((file) => !existsSync(file) || statSync(file).mtimeMs > built);
}

let building: Promise<string> | undefined;

export function ensureAgentBundle(): Promise<string> {
  building ??= (async () => {
    if (stale()) {
      const { metafile } = await build({
        entryPoints: [path.join(ROOT, "src/agent/main.ts")],
        outfile: AGENT_BUNDLE,
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        // One file with its packages: a process that loads one module starts much faster than one resolving hundreds.
        mainFields: ["module", "main"],
        // A native addon loaded at run time from node_modules, only by tools that need a terminal.
        external: ["node-pty"],
        minify: true,
        sourcemap: "linked",
        logLevel: "error",
        metafile: true,
        absWorkingDir: ROOT,
      });
      writeFileSync(INPUTS, JSON.stringify(Object.keys(metafile.inputs).map((file) => path.resolve(ROOT, file))));
    }
    return AGENT_BUNDLE;
  })();
  return building;
}

let sharedCopy: Promise<{ target: string; content: Buffer }> | undefined;

/**
 * The bundle at a path every OS user can read: an agent that runs as an unprivileged user
 * cannot be expected to reach into the folder Myzel was installed in (e.g. under /root).
 * The bundle is self-contained, so a copy runs anywhere. Read and hashed once (the build does
 * not change while the runner lives); written again if something removed it.
 */
export async function sharedAgentBundle(): Promise<string> {
  sharedCopy ??= ensureAgentBundle().then((source) => {
    const content = readFileSync(source);
    const hash = createHash("sha256").update(content).digest("hex").slice(0, 16);
    return { target: path.join(os.tmpdir(), "myzel-agents", `agent-${hash}.cjs`), content };
  });
  const { target, content } = await sharedCopy;
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    chmodSync(path.dirname(target), 0o755);
    // Another runner on this host may be starting an agent from the same path: it never sees half a file.
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, content, { mode: 0o644 });
    renameSync(partial, target);
  }
  return target;
}

/** The bundle an agent running as `owner` can read: the shared copy for any user but the runner's. */
export function agentBundleFor(owner: { uid?: number }): Promise<string> {
  return owner.uid === undefined || owner.uid === process.getuid?.() ? ensureAgentBundle() : sharedAgentBundle();
}
