/**
 * Shell completion scripts made from the command tree itself, so a command added to
 * program.ts completes without touching this file. Pure: the tree in, the script out.
 */
export interface CommandShape {
  name: string;
  aliases: string[];
  options: string[];
  subcommands: CommandShape[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** Every command path with what may follow it: ["clusters"] → ["list", "get", …, "--json"]. */
export function completionTable(
  root: CommandShape,
  inherited: string[] = [],
): Array<{ path: string[]; words: string[] }> {
  const options = [...inherited, ...root.options];
  const rows: Array<{ path: string[]; words: string[] }> = [
    { path: [], words: [...root.subcommands.map((c) => c.name), ...options] },
  ];
  for (const sub of root.subcommands) {
    for (const row of completionTable(sub, options)) {
      for (const name of [sub.name, ...sub.aliases]) rows.push({ path: [name, ...row.path], words: row.words });
    }
  }
  return rows;
}

export function completionScript(shell: Shell, root: CommandShape): string {
  const rows = completionTable(root);
  if (shell === "fish") return fishScript(root);
  // Deepest paths first: "clusters scale" must win over "clusters".
  const cases = [...rows]
    .sort((a, b) => b.path.length - a.path.length)
    .map(({ path, words }) => {
      const key = path.join(" ");
      const pattern = key === "" ? '""|*' : `"${key}"|"${key} "*`;
      return `    ${pattern}) words="${words.join(" ")}" ;;`;
    })
    .join("\n");
  const bash = `# ${root.name} completion (${shell}): eval "$(${root.name} completion ${shell})"
_${root.name}_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" words="" w
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in -*) ;; *) path="\${path:+$path }$w" ;; esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _${root.name}_complete ${root.name}
`;
  return shell === "zsh" ? `autoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}

function fishScript(root: CommandShape): string {
  const lines = [`# ${root.name} completion (fish): ${root.name} completion fish | source`];
  const walk = (command: CommandShape, parents: string[]) => {
    const condition =
      parents.length === 0
        ? "__fish_use_subcommand"
        : `__fish_seen_subcommand_from ${parents.at(-1)}; and not __fish_seen_subcommand_from ${command.subcommands.map((c) => c.name).join(" ") || "--"}`;
    if (command.subcommands.length)
      lines.push(
        `complete -c ${root.name} -f -n '${condition}' -a '${command.subcommands.map((c) => c.name).join(" ")}'`,
      );
    for (const option of command.options.filter((o) => o.startsWith("--")))
      lines.push(
        `complete -c ${root.name} -f -n '${parents.length ? `__fish_seen_subcommand_from ${parents.at(-1)}` : "true"}' -l ${option.slice(2)}`,
      );
    for (const sub of command.subcommands) walk(sub, [...parents, sub.name]);
  };
  walk(root, []);
  return `${lines.join("\n")}\n`;
}
