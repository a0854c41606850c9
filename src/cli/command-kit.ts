/** The small pieces every command file uses: an action with its context, and option parsers. */
import { type Command, InvalidArgumentError } from "commander";
import { CliContext, type GlobalOptions } from "./context";
import type { ExitCode } from "./exit-codes";

/** A file in commands/ adds its commands to the program: one line each in program.ts. */
export type CommandModule = (program: Command) => void;

/**
 * Commander's action with the context built from the options of the whole command line:
 * `fn(ctx, options, ...arguments)`. What it returns becomes the exit code.
 */
export function act<O extends object, A extends string[] = string[]>(
  fn: (ctx: CliContext, options: O, ...args: A) => Promise<ExitCode | undefined>,
) {
  return async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const options = received.at(-2) as O;
    const args = received.slice(0, -2) as A;
    const ctx = new CliContext(command.optsWithGlobals<GlobalOptions>());
    const code = await fn(ctx, options, ...args);
    if (code !== undefined) process.exitCode = code;
  };
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return Number(value);
}

/** Seconds as given on the command line (may have a fraction), in milliseconds. */
export function seconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError(`expected seconds, got "${value}"`);
  return Math.round(Number(value) * 1000);
}

/** `--role analyst=2 --role writer=1` gathered into { analyst: 2, writer: 1 }. */
export function roleCount(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const match = /^([^=\s]+)=(\d+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`expected ROLE=COUNT, got "${value}"`);
  return { ...previous, [match[1]!]: Number(match[2]) };
}

/** JSON given on the command line, or a plain string when it is not JSON. */
export function jsonOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
