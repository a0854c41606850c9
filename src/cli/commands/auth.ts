/** `myzel auth login|logout|status`: the credential kept in the user's config file. */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { createMyzelClient, SignInRefused, signInWithPassword } from "../../client";
import { act } from "../command-kit";
import { configPath, writeConfig } from "../config-file";
import { type CliContext, CliFailure, usageError } from "../context";
import { EXIT } from "../exit-codes";

interface LoginOptions {
  email?: string;
  passwordStdin?: boolean;
}

export function authCommands(program: Command): void {
  const auth = program.command("auth").description("sign in, sign out, and who you are");

  auth
    .command("login")
    .description("check a token (--token or MYZEL_TOKEN; Admin → API tokens) and keep it in your config file")
    .option("--email <email>", "sign in as this user instead; the password is asked for")
    .option("--password-stdin", "read the password from standard input (for scripts)")
    .action(
      act<LoginOptions>(async (ctx, options) => {
        // --token is the program's own option (it works before or after `login`).
        const token = ctx.options.token ?? ctx.env.token;
        if (Boolean(token) === Boolean(options.email))
          throw usageError("give either --token (or MYZEL_TOKEN) or --email");
        const credential = token
          ? { token }
          : { headers: { cookie: (await passwordSignIn(ctx, options.email!, options.passwordStdin)).cookie } };
        // Checked before it is kept: a mistyped token is refused now, not at the next command.
        const me = await createMyzelClient({ url: ctx.url, ...credential }).session.me.query({});
        const file = writeConfig(ctx.env.configDir, {
          url: ctx.url,
          ...(token ? { token } : { cookie: credential.headers!.cookie }),
          identity: `${me.name} (${me.type}, ${me.role})`,
        });
        ctx.print(
          { url: ctx.url, ...me, config: file },
          () => `Signed in to ${ctx.url} as ${me.name} (${me.role}); kept in ${file}`,
        );
        return EXIT.ok;
      }),
    );

  auth
    .command("logout")
    .description("forget the saved credential (the server's token stays valid: revoke it there)")
    .action(
      act(async (ctx) => {
        const file = writeConfig(ctx.env.configDir, { url: ctx.config.url });
        ctx.print({ config: file }, () => `Signed out; ${file} keeps only the URL`);
        return EXIT.ok;
      }),
    );

  auth
    .command("status")
    .description("who the server says you are")
    .action(
      act(async (ctx) => {
        const me = await ctx.client.session.me.query({});
        ctx.print(
          { url: ctx.url, ...me, config: configPath(ctx.env.configDir) },
          () => `${ctx.url}: ${me.name} (${me.type}, ${me.role})`,
        );
        return EXIT.ok;
      }),
    );
}

async function passwordSignIn(ctx: CliContext, email: string, fromStdin = false) {
  const password = await readPassword(fromStdin);
  try {
    return await signInWithPassword(ctx.url, { email, password });
  } catch (error) {
    if (error instanceof SignInRefused) throw new CliFailure(`sign-in refused: ${error.message}`, EXIT.auth);
    throw error;
  }
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    return text.replace(/\r?\n$/, "");
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Nothing the user types is echoed: the prompt is written once, keystrokes are swallowed.
  const output = prompt as unknown as { _writeToOutput: (text: string) => void };
  process.stderr.write("Password: ");
  output._writeToOutput = () => {};
  const password = await prompt.question("");
  prompt.close();
  process.stderr.write("\n");
  return password;
}
