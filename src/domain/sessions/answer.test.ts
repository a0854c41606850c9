import { describe, expect, it } from "vitest";
import { SESSION_PRESET_DEFAULTS } from "../../schemas/blueprint-sessions";
import { answerEnd, cleanAnswer, errorIn, frame, stripAnsi } from "./answer";

const python = SESSION_PRESET_DEFAULTS.python;
const marker = "__MYZEL_END_abc123__";

describe("reading a live tool's answer", () => {
  it("strips colour, cursor and title sequences and normalises line ends", () => {
    expect(stripAnsi("\u001b[1;32m42\u001b[0m\r\n\u001b]0;title\u0007>>> \u001b[K")).toBe("42\n>>> ");
  });

  it("frames a prompt and appends the sentinel command on its own line", () => {
    expect(frame(python.framing, "x = 41 + 1", python.answer_end, marker)).toBe(`x = 41 + 1\n\nprint("${marker}")\n`);
    expect(frame("{prompt}", "1+1", { type: "sentinel", command: "echo {marker}" }, marker)).toBe(
      `1+1\necho ${marker}\n`,
    );
    expect(frame("{prompt}\n", "$& stays", { type: "quiet", ms: 100 }, marker)).toBe("$& stays\n");
  });

  it("ends at the sentinel printed on its own line, not at the echo of the command printing it", () => {
    const end = python.answer_end;
    expect(answerEnd(`>>> print("${marker}")\n42\n`, end, marker)).toBe(-1);
    const output = `>>> print("${marker}")\n42\n${marker}\n>>> `;
    expect(output.slice(0, answerEnd(output, end, marker))).toBe(`>>> print("${marker}")\n42\n`);
    expect(answerEnd(`42\n'${marker}'\n> `, SESSION_PRESET_DEFAULTS.node.answer_end, marker)).toBe(3);
  });

  it("ends at a prompt pattern only when the output ends with it", () => {
    const end = { type: "prompt" as const, pattern: ">>> " };
    expect(answerEnd("42\n>>> x", end, marker)).toBe(-1);
    expect(answerEnd("42\n>>> ", end, marker)).toBe(3);
  });

  it("removes prompts, echoed input and stripped patterns from the answer", () => {
    expect(cleanAnswer(">>> >>> 42\n>>> ", { stripPatterns: python.strip_patterns })).toBe("42");
    expect(cleanAnswer("x=41+1\r\nx\n42\n", { stripPatterns: [], echoed: ["x=41+1", "x"] })).toBe("42");
    expect(cleanAnswer("undefined\n> 42\n", { stripPatterns: SESSION_PRESET_DEFAULTS.node.strip_patterns })).toBe("42");
  });

  it("finds the line that reports an error, whatever the exit code would say", () => {
    const traceback =
      "Traceback (most recent call last):\n  File \"<stdin>\", line 1\nNameError: name 'y' is not defined";
    expect(errorIn(traceback, python.error_patterns)).toBe("Traceback (most recent call last):");
    expect(errorIn("(standard_in) 1: syntax error", SESSION_PRESET_DEFAULTS.bc.error_patterns)).toBe(
      "(standard_in) 1: syntax error",
    );
    expect(errorIn("42\nthe Error: word inside a line", python.error_patterns)).toBeUndefined();
  });
});
