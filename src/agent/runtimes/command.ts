/**
 * The command runtime: one process per task, no shell. The prompt goes to stdin or into
 * argv; only allow-listed environment variables reach it; on timeout or cancellation the
 * whole process group is killed; output beyond the cap fails the task.
 */
import { spawn } from "node:child_process";
import type { AgentRuntime } from "../../schemas/blueprint";
import type { MemoryEndpoint } from "../memory-client";
import { memoryCommandEnv } from "../memory-command-bin";
import { namespaceOf } from "./memory-behaviours";
import { PermanentTaskError, promptOf, type Runtime } from "./runtime";

type CommandSpec = Extract<AgentRuntime, { type: "command" }>;

export function commandRuntime(spec: CommandSpec, environment: NodeJS.ProcessEnv, memory?: MemoryEndpoint): Runtime {
  const env: Record<string, string | undefined> = {};
  for (const name of spec.env_allow ?? []) if (environment[name] !== undefined) env[name] = environment[name];
  if (!env.PATH && environment.PATH) env.PATH = environment.PATH; // to find the program, not to pass secrets
  if (memory) Object.assign(env, memoryCommandEnv(memory, env.PATH));

  return (task, ctx) =>
    new Promise((resolve, reject) => {
      const prompt = promptOf(task.payload);
      // A function replacement: with a string, `$&`, `$\`` and `$'` in a prompt would be expanded.
      const argv =
        spec.prompt_via === "argument" ? spec.argv.map((arg) => arg.replaceAll("{prompt}", () => prompt)) : spec.argv;
      const namespace = namespaceOf(task.payload);
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: spec.cwd,
        env: (memory && namespace ? { ...env, MYZEL_MEMORY_NAMESPACE: namespace } : env) as NodeJS.ProcessEnv,
        detached: true,
        stdio: ["pipe", "pipe", "pipe"],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      let failure: Error | undefined;

      const killGroup = (reason: Error) => {
        failure ??= reason;
        try {
          if (child.pid) process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      };
      const timer = setTimeout(
        () => killGroup(new Error(`command timed out after ${spec.timeout_ms} ms`)),
        spec.timeout_ms,
      );
      const onAbort = () => killGroup(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error("aborted"));
      ctx.signal.addEventListener("abort", onAbort, { once: true });

      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > spec.max_output_bytes)
          return killGroup(new PermanentTaskError(`command output exceeded ${spec.max_output_bytes} bytes`));
        into.push(chunk);
      };
      child.stdout.on("data", collect(stdout));
      child.stderr.on("data", collect(stderr));
      child.stdin.on("error", () => {}); // the tool may exit without reading its input
      child.stdin.end(spec.prompt_via === "stdin" ? prompt : undefined);

      child.once("error", (error) => {
        clearTimeout(timer);
        ctx.signal.removeEventListener("abort", onAbort);
        reject(new PermanentTaskError(`could not start ${argv[0]}: ${error.message}`));
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        ctx.signal.removeEventListener("abort", onAbort);
        const out = Buffer.concat(stdout).toString("utf8");
        const err = Buffer.concat(stderr).toString("utf8");
        if (failure) return reject(failure);
        if (code === 0) return resolve({ result: { exitCode: 0, stdout: out, stderr: err.slice(-4000) } });
        reject(new Error(`${argv[0]} exited with ${code ?? signal}${err ? `: ${err.trim().slice(-2000)}` : ""}`));
      });
    });
}
