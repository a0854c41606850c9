/**
 * `myzel`'s entry (bin/myzel.mjs): runs the program, and turns every failure into a message
 * and an exit code that means something (see exit-codes.ts).
 */
import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { issuesOf, MyzelClientError } from "../client";
import { ConfigFileError } from "./config-file";
import { CliFailure } from "./context";
import { EXIT, type ExitCode, exitCodeOfFailure } from "./exit-codes";
import { buildProgram } from "./program";

/** Set by bin/myzel.mjs's build; read from package.json when run from source (tsx). */
declare const MYZEL_VERSION: string | undefined;
const version =
  typeof MYZEL_VERSION === "string"
    ? MYZEL_VERSION
    : (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

async function main(argv: string[]): Promise<ExitCode> {
  const json = argv.includes("--json");
  try {
    await buildProgram(version).parseAsync(argv, { from: "user" });
    return (process.exitCode as ExitCode | undefined) ?? EXIT.ok;
  } catch (error) {
    const { code, message, details } = failureOf(error);
    if (code === EXIT.ok) return code;
    if (json && !(error instanceof CommanderError))
      process.stderr.write(`${JSON.stringify({ error: { exitCode: code, message, details } })}\n`);
    else if (message) process.stderr.write(`myzel: ${message}\n${details.map((d) => `  ${d}\n`).join("")}`);
    return code;
  }
}

function failureOf(error: unknown): { code: ExitCode; message: string; details: string[] } {
  if (error instanceof CommanderError) {
    // Help and --version end with "errors" too; commander has already printed what it had to say.
    const done = ["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code);
    return { code: done ? EXIT.ok : EXIT.usage, message: "", details: [] };
  }
  if (error instanceof CliFailure) return { code: error.exitCode, message: error.message, details: error.details };
  if (error instanceof ConfigFileError) return { code: EXIT.usage, message: error.message, details: [] };
  if (error instanceof MyzelClientError) {
    const data = error.data as { code?: string; httpStatus?: number } | undefined;
    const noAnswer =
      !data &&
      /fetch failed|ECONNREFUSED|ENOTFOUND|socket hang up/i.test(`${error.message} ${String(error.cause ?? "")}`);
    const code = exitCodeOfFailure({ code: data?.code, httpStatus: data?.httpStatus, noAnswer });
    const details = issuesOf(error).map((i) => `${i.path || "(input)"}: ${i.message}`);
    if (code === EXIT.auth)
      details.push("Sign in with `myzel auth login --token <token>` (Admin → API tokens) or set MYZEL_TOKEN.");
    const message = noAnswer ? `no answer from the server (${error.message})` : error.message;
    return { code, message, details };
  }
  return { code: EXIT.server, message: error instanceof Error ? error.message : String(error), details: [] };
}

// Explicit exit: a live subscription or keep-alive socket must not hold the command open.
main(process.argv.slice(2)).then((code) => process.exit(code));
