/**
 * Reading a live tool's output: where an answer ends, what of it is noise (terminal escape
 * sequences, prompts, the echo of what was typed) and whether it reports an error. Pure: the
 * session runtime feeds it the bytes it has seen so far.
 */
import type { AnswerEnd } from "../../schemas/blueprint-sessions";

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ST), two-byte escapes, and stray control characters
// a terminal would not print (carriage returns are kept until lines are normalised).
// Built from a string: the escape and control characters it matches are the point of it.
const ESC = "\\u001b";
const ANSI = new RegExp(
  [
    `${ESC}\\[[0-?]*[ -/]*[@-~]`,
    `${ESC}\\][^\\u0007\\u001b]*(?:\\u0007|${ESC}\\\\)`,
    `${ESC}[@-Z\\\\-_]`,
    "[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]",
  ].join("|"),
  "g",
);

/** The text as a reader sees it: no escape sequences, `\n` line ends. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "").replace(/\r+\n/g, "\n").replace(/\r/g, "\n");
}

/** What is written to the tool for one prompt (a sentinel command, when used, follows on its own line). */
export function frame(framing: string, prompt: string, end: AnswerEnd, marker: string): string {
  const written = framing.replaceAll("{prompt}", () => prompt);
  if (end.type !== "sentinel") return written;
  return `${written.endsWith("\n") ? written : `${written}\n`}${end.command.replaceAll("{marker}", () => marker)}\n`;
}

/**
 * Where the answer in `output` (escape sequences already stripped) ends: the index where the
 * answer text stops, or -1 while the tool is still answering. A sentinel counts only as a line
 * of its own (optionally quoted as a REPL prints a string), so the echo of the command that
 * prints it never does.
 */
export function answerEnd(output: string, end: AnswerEnd, marker: string): number {
  if (end.type === "sentinel") {
    const line = new RegExp(`^'?${escapeRegex(marker)}'?$`, "m").exec(output);
    return line ? line.index : -1;
  }
  if (end.type === "prompt") {
    const prompt = new RegExp(`(?:${end.pattern})$`).exec(output);
    return prompt ? prompt.index : -1;
  }
  return -1; // quiet: decided by time, not by text
}

/** The text without what the role's strip patterns match (prompts a REPL prints before its output). */
export function stripMatches(text: string, patterns: readonly string[]): string {
  let stripped = text;
  for (const pattern of patterns) stripped = stripped.replace(new RegExp(pattern, "gm"), "");
  return stripped;
}

/** The answer without prompts, echoed input lines and the patterns the role strips. */
export function cleanAnswer(
  raw: string,
  options: { stripPatterns: readonly string[]; echoed?: readonly string[] },
): string {
  let text = stripMatches(raw, options.stripPatterns);
  if (options.echoed?.length) {
    const pending = options.echoed.map((line) => line.trimEnd()).filter((line) => line.length > 0);
    text = text
      .split("\n")
      .filter((line) => {
        const at = pending.indexOf(line.trimEnd());
        if (at === -1) return true;
        pending.splice(at, 1);
        return false;
      })
      .join("\n");
  }
  return text.replace(/^\n+/, "").replace(/\s+$/, "");
}

/** The first line of the answer that matches an error pattern, or undefined when none does. */
export function errorIn(answer: string, patterns: readonly string[]): string | undefined {
  for (const pattern of patterns) {
    const match = new RegExp(pattern, "m").exec(answer);
    if (match) {
      const start = answer.lastIndexOf("\n", match.index) + 1;
      const stop = answer.indexOf("\n", match.index);
      return answer.slice(start, stop === -1 ? undefined : stop);
    }
  }
  return undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
