import { describe, expect, it } from "vitest";
import { flushLines, takeLines } from "./line-buffer";

describe("takeLines", () => {
  it("joins a line split across chunks and keeps the unfinished end", () => {
    const first = takeLines({ carry: "" }, "hello wo", 100);
    expect(first.lines).toEqual([]);
    const second = takeLines(first.buffer, "rld\nnext\r\npart", 100);
    expect(second.lines).toEqual(["hello world", "next"]);
    expect(flushLines(second.buffer)).toEqual(["part"]);
  });

  it("cuts a line longer than the bound, ended or not", () => {
    const ended = takeLines({ carry: "" }, `${"a".repeat(25)}\n`, 10);
    expect(ended.lines).toEqual(["a".repeat(10), "a".repeat(10), "a".repeat(5)]);
    const endless = takeLines({ carry: "" }, "b".repeat(25), 10);
    expect(endless.lines).toEqual(["b".repeat(10), "b".repeat(10)]);
    expect(endless.buffer.carry).toBe("b".repeat(5));
  });

  it("keeps empty lines", () => {
    expect(takeLines({ carry: "" }, "a\n\nb\n", 10).lines).toEqual(["a", "", "b"]);
  });
});
