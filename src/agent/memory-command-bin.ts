/**
 * Puts `myzel-memory` on a tool's PATH: a two-line script in the agent's own folder that runs this
 * agent's bundle as the command (main.ts tells the two apart by its first argument). The tool gets
 * the agent's memory credential — never its Redis user or its report secret.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { MemoryEndpoint } from "./memory-client";
import { MEMORY_COMMAND } from "./memory-command";

export function memoryCommandEnv(memory: MemoryEndpoint, pathVariable: string | undefined): Record<string, string> {
  const bin = path.join(process.cwd(), ".myzel-bin");
  mkdirSync(bin, { recursive: true });
  const script = path.join(bin, MEMORY_COMMAND);
  const bundle = process.argv[1] ?? "";
  writeFileSync(
    script,
    `#!${process.execPath}\nprocess.argv.splice(2, 0, ${JSON.stringify(MEMORY_COMMAND)});\nrequire(${JSON.stringify(bundle)});\n`,
  );
  chmodSync(script, 0o755);
  return {
    PATH: pathVariable ? `${bin}${path.delimiter}${pathVariable}` : bin,
    MYZEL_MEMORY_URL: memory.url,
    MYZEL_MEMORY_TOKEN: memory.token,
  };
}
