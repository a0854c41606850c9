/** `myzel completion bash|zsh|fish`: a completion script made from the commands as they are. */
import { type Command, InvalidArgumentError } from "commander";
import { act } from "../command-kit";
import { type CommandShape, completionScript, SHELLS, type Shell } from "../completion-script";
import { EXIT } from "../exit-codes";

export function completionCommand(program: Command): void {
  program
    .command("completion <shell>")
    .description(`print a completion script (${SHELLS.join(", ")}): eval "$(myzel completion bash)"`)
    .action(
      act(async (ctx, _options, shell) => {
        if (!SHELLS.includes(shell as Shell))
          throw new InvalidArgumentError(`no completion for "${shell}": choose ${SHELLS.join(", ")}`);
        ctx.io.out(completionScript(shell as Shell, shapeOf(program)));
        return EXIT.ok;
      }),
    );
}

function shapeOf(command: Command): CommandShape {
  return {
    name: command.name(),
    aliases: command.aliases(),
    options: command.options.flatMap((o) => [o.long, o.short].filter((flag): flag is string => Boolean(flag))),
    subcommands: command.commands.filter((c) => c.name() !== "help").map(shapeOf),
  };
}
