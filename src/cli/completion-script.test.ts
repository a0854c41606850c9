import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type CommandShape, completionScript, completionTable } from "./completion-script";

const tree: CommandShape = {
  name: "myzel",
  aliases: [],
  options: ["--json"],
  subcommands: [
    {
      name: "clusters",
      aliases: ["cluster"],
      options: [],
      subcommands: [
        { name: "list", aliases: [], options: ["--status"], subcommands: [] },
        { name: "scale", aliases: [], options: ["--workers", "--role"], subcommands: [] },
      ],
    },
    { name: "heal", aliases: [], options: ["--dry-run"], subcommands: [] },
  ],
};

/** What bash offers after typing `line` (the last word is the one being completed). */
function bashCompletes(line: string): string[] {
  const words = line.split(" ");
  const script = `${completionScript("bash", tree)}
COMP_WORDS=(${words.map((w) => `"${w}"`).join(" ")}); COMP_CWORD=${words.length - 1}
_myzel_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\n").filter(Boolean);
}

describe("shell completion", () => {
  it("lists each command path with the words that may follow it, aliases included", () => {
    const table = completionTable(tree);
    expect(table.find((r) => r.path.join(" ") === "cluster scale")?.words).toEqual(["--json", "--workers", "--role"]);
    expect(table.find((r) => r.path.length === 0)?.words).toEqual(["clusters", "heal", "--json"]);
  });

  it("completes commands, subcommands and options in a real bash", () => {
    expect(bashCompletes("myzel cl")).toEqual(["clusters"]);
    expect(bashCompletes("myzel clusters ")).toEqual(["list", "scale", "--json"]);
    expect(bashCompletes("myzel clusters scale my-cluster --w")).toEqual(["--workers"]);
    expect(bashCompletes("myzel heal --d")).toEqual(["--dry-run"]);
  });

  it("makes a fish script that names every subcommand", () => {
    const fish = completionScript("fish", tree);
    expect(fish).toContain("-a 'clusters heal'");
    expect(fish).toContain("-a 'list scale'");
  });
});
