/**
 * What every command stands on: the options shared by all (--url, --token, --json, --no-color),
 * the saved sign-in, one typed client, and output that is a table for people and JSON for scripts.
 */
import pc from "picocolors";
import { createMyzelClient, type MyzelClient } from "../client";
import { type CliEnv, cliEnv } from "./cli-env";
import { type CliConfig, readConfig } from "./config-file";
import { EXIT, type ExitCode } from "./exit-codes";

export const DEFAULT_URL = "http://127.0.0.1:3000";

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
  color?: boolean;
}

export type Colors = ReturnType<typeof pc.createColors>;

/** A command's own failure, with the exit code it means (a refusal from the server is mapped in main.ts). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliFailure(message, EXIT.usage);

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (live views redraw only there). */
  isTty: boolean;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  isTty: Boolean(process.stdout.isTTY),
};

export class CliContext {
  readonly env: CliEnv;
  readonly config: CliConfig;
  readonly json: boolean;
  readonly colors: Colors;
  private myzel?: MyzelClient;

  constructor(
    readonly options: GlobalOptions,
    readonly io: CliOutput = processOutput,
    env: CliEnv = cliEnv(),
  ) {
    this.env = env;
    this.config = readConfig(env.configDir);
    this.json = Boolean(options.json);
    this.colors = pc.createColors(!this.json && options.color !== false && pc.isColorSupported && io.isTty);
  }

  /** --url, then MYZEL_URL, then the saved one, then the local default. */
  get url(): string {
    return (this.options.url ?? this.env.url ?? this.config.url ?? DEFAULT_URL).replace(/\/+$/, "");
  }

  /** A token given now (--token, MYZEL_TOKEN) wins over what `auth login` saved. */
  get credential(): { token?: string; headers?: Record<string, string> } {
    const token = this.options.token ?? this.env.token;
    if (token) return { token };
    if (this.config.token) return { token: this.config.token };
    if (this.config.cookie) return { headers: { cookie: this.config.cookie } };
    return {};
  }

  get client(): MyzelClient {
    this.myzel ??= createMyzelClient({ url: this.url, ...this.credential });
    return this.myzel;
  }

  /** `data` as JSON with --json; otherwise what `human` makes of it. */
  print<T>(data: T, human: (data: T) => string): void {
    this.io.out(this.json ? JSON.stringify(data, null, 2) : human(data));
  }

  /** Progress and notes for people: on stderr, so stdout stays the answer (and stays JSON). */
  note(text: string): void {
    if (!this.json) this.io.err(this.colors.dim(text));
  }
}
