/**
 * How deeply a JSON text nests, found in one pass over its characters before it is parsed:
 * a body nested thousands deep parses, but every recursive walk after it (validation, error
 * formatting) may then overflow the stack. Strings are skipped, so brackets inside them do
 * not count.
 */

/** The nesting a request body may have: ample for every input Myzel takes (a blueprint nests about 6 deep). */
export const MAX_JSON_DEPTH = 64;

/** The offset of the first bracket deeper than `max`, or null when the text stays within it. */
export function jsonTooDeepAt(text: string, max = MAX_JSON_DEPTH): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return null;
}

/** The message for a refused body or query. */
export function tooDeepMessage(offset: number, max = MAX_JSON_DEPTH): string {
  return `the JSON nests deeper than ${max} levels (at character ${offset + 1})`;
}
