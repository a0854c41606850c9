/**
 * The `myzel` command: every command file in commands/ registers itself here. Adding a command
 * is one line in COMMANDS (and a file beside the others).
 */
import { Command } from "commander";
import type { MyzelClient } from "../client";
import type { CommandModule } from "./command-kit";
import { authCommands } from "./commands/auth";
import { backupCommand } from "./commands/backup";
import { blueprintsCommands } from "./commands/blueprints";
import { clustersCommands } from "./commands/clusters";
import { completionCommand } from "./commands/completion";
import { drillCommand } from "./commands/drill";
import { healCommand } from "./commands/heal";
import { manifestCommands } from "./commands/manifest";
import { nodesCommand } from "./commands/nodes";
import { producersCommands } from "./commands/producers";
import { tasksCommands } from "./commands/tasks";
import { CliContext, DEFAULT_URL, type GlobalOptions } from "./context";
import { EXIT_CODE_HELP } from "./exit-codes";

const COMMANDS: CommandModule[] = [
  authCommands,
  clustersCommands,
  tasksCommands,
  blueprintsCommands,
  manifestCommands,
  healCommand,
  drillCommand,
  producersCommands,
  withClient(nodesCommand),
  withClient(backupCommand),
  completionCommand,
];

/** A command built around a client factory: the client is made, from the whole command line's options, when an action needs it. */
function withClient(build: (client: () => MyzelClient) => Command): CommandModule {
  return (program) => {
    program.addCommand(build(() => new CliContext(program.opts<GlobalOptions>()).client));
  };
}

export function buildProgram(version: string): Command {
  const program = new Command("myzel")
    .description("Myzel from the terminal: clusters, tasks, blueprints, healing and drills")
    .version(version)
    .option("--url <url>", `where Myzel runs (MYZEL_URL, the saved one, or ${DEFAULT_URL})`)
    .option("--token <token>", "an API token for this call (MYZEL_TOKEN, or the one `auth login` saved)")
    .option("--json", "print JSON for scripts (progress and notes go to stderr)")
    .option("--no-color", "no colours (also NO_COLOR=1)")
    .addHelpText("after", `\n${EXIT_CODE_HELP}`)
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // Subcommands inherit the exit override (usage errors become exit 2 in main.ts).
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}
