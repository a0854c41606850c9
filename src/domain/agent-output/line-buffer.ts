/**
 * Cuts a process's output into lines as chunks arrive: a line split across chunks is joined, a
 * line that never ends is cut at `maxLength` so one runaway write cannot grow without bound.
 */
export interface LineBuffer {
  /** What is left of a line not yet ended. */
  carry: string;
}

export function takeLines(
  buffer: LineBuffer,
  chunk: string,
  maxLength: number,
): { lines: string[]; buffer: LineBuffer } {
  const parts = (buffer.carry + chunk).split(/\r?\n/);
  let carry = parts.pop() ?? "";
  const lines: string[] = [];
  for (const part of parts) lines.push(...cut(part, maxLength));
  while (carry.length > maxLength) {
    lines.push(carry.slice(0, maxLength));
    carry = carry.slice(maxLength);
  }
  return { lines, buffer: { carry } };
}

/** What remains when the stream ends. */
export function flushLines(buffer: LineBuffer): string[] {
  return buffer.carry ? [buffer.carry] : [];
}

function cut(line: string, maxLength: number): string[] {
  if (line.length <= maxLength) return [line];
  const pieces: string[] = [];
  for (let at = 0; at < line.length; at += maxLength) pieces.push(line.slice(at, at + maxLength));
  return pieces;
}
