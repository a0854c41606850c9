/**
 * The command line's only reader of process.env (the server's settings live in src/env.ts and
 * are of no use here: the command runs on a laptop, far from the server's variables).
 */
import os from "node:os";
import path from "node:path";

export interface CliEnv {
  /** MYZEL_URL: where Myzel runs, unless --url or the config file says. */
  url?: string;
  /** MYZEL_TOKEN: an API token, unless --token says (it wins over the config file). */
  token?: string;
  /** The folder of config.json: $XDG_CONFIG_HOME/myzel, or ~/.config/myzel. */
  configDir: string;
}

export function cliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const configHome = source.XDG_CONFIG_HOME?.trim() || path.join(source.HOME?.trim() || os.homedir(), ".config");
  return {
    url: source.MYZEL_URL?.trim() || undefined,
    token: source.MYZEL_TOKEN?.trim() || undefined,
    configDir: path.join(configHome, "myzel"),
  };
}
