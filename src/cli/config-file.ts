/**
 * The user's saved sign-in: $XDG_CONFIG_HOME/myzel/config.json, readable by the user alone
 * (0600 in a 0700 folder), since it holds a credential. Written atomically so a second
 * `myzel` running at the same moment reads the old file or the new one, never half of one.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const cliConfigSchema = z.strictObject({
  url: z.url().optional(),
  /** An API token (myzel_…), sent as a bearer token. */
  token: z.string().min(1).optional(),
  /** A session's cookie from `auth login --email`, for people who sign in with a password. */
  cookie: z.string().min(1).optional(),
  /** Who the credential belongs to, as the server said when it was saved (shown by `auth status`). */
  identity: z.string().optional(),
});
export type CliConfig = z.infer<typeof cliConfigSchema>;

export const configPath = (dir: string) => path.join(dir, "config.json");

export function readConfig(dir: string): CliConfig {
  const file = configPath(dir);
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigFileError(`${file} is not JSON (${(error as Error).message}); fix or delete it`);
  }
  const parsed = cliConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigFileError(`${file}: ${issue.path.join(".") || "(top)"}: ${issue.message}; fix or delete it`);
  }
  return parsed.data;
}

export function writeConfig(dir: string, config: CliConfig): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = configPath(dir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(cliConfigSchema.parse(config), null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFileSync is narrowed by the umask, never widened; say it once more.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

export class ConfigFileError extends Error {}
