/**
 * Limits that keep reading blueprint YAML cheap whatever the text: a blueprint is a small
 * document (the examples have a few hundred nodes, nested about 8 deep), and anyone who may
 * validate one can send any text. `yaml`'s own duplicate-key check compares each key with
 * every earlier key of its mapping (quadratic: 24,000 keys took seconds), and its composer
 * recurses once per nesting level (thousands of `[` overflow the stack). So the text is first
 * scanned for flow nesting without composing it, and after composing, one pass over the nodes
 * counts them, measures their depth and finds duplicate keys. Composing costs about a hundred
 * times more per value than lexing, so the lexer pass also stops a document with too many
 * values before it is composed.
 */
import { CST, type Document, isMap, isScalar, isSeq, Lexer, type Node } from "yaml";

export const YAML_LIMITS = {
  /** Mappings, lists and scalars (keys included) in the document: 30 times the largest example. */
  nodes: 4_000,
  /** Nesting of mappings and lists. */
  depth: 32,
  /** Issues reported for one document: the first ones say enough. */
  issues: 20,
} as const;

/** A problem found by these checks, at an offset in the text. */
export interface BoundsIssue {
  offset: number;
  message: string;
}

/**
 * Found by the lexer (which does not recurse and knows quoted and block scalars) before the
 * document is composed: the first `[` or `{` that nests flow collections too deep, or the
 * first scalar past the node limit.
 */
export function textBoundsIssue(text: string, limits = YAML_LIMITS): BoundsIssue | null {
  let depth = 0;
  let offset = 0;
  let scalars = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    const type: string | null = scalarNext ? "scalar-text" : CST.tokenType(token);
    scalarNext = type === "scalar";
    if (scalarNext && ++scalars > limits.nodes) return { offset, message: tooMany(limits.nodes) };
    if (type === "flow-seq-start" || type === "flow-map-start") {
      if (++depth > limits.depth) return { offset, message: tooDeep(limits.depth) };
    } else if (type === "flow-seq-end" || type === "flow-map-end") {
      depth--;
    }
    // Control tokens (document and scalar markers) are not in the text.
    if (type !== "scalar" && type !== "doc-mode" && type !== "flow-error-end") offset += token.length;
  }
  return null;
}

/**
 * One pass over a composed document: too many nodes, too deep, or a key written twice in one
 * mapping (its second occurrence, by the key's text). Stops at the first problem of each kind.
 */
export function documentBoundsIssues(doc: Document, limits = YAML_LIMITS): BoundsIssue[] {
  const issues: BoundsIssue[] = [];
  let nodes = 0;
  let depthReported = false;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0 && issues.length < limits.issues) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (++nodes > limits.nodes) {
      issues.push({ offset: start(node), message: tooMany(limits.nodes) });
      break;
    }
    if (!(isMap(node) || isSeq(node))) continue;
    if (depth >= limits.depth) {
      if (!depthReported) issues.push({ offset: start(node), message: tooDeep(limits.depth) });
      depthReported = true;
      continue;
    }
    if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && seen.has(key) && issues.length < limits.issues) {
        issues.push({
          offset: start(pair.key),
          message: `duplicate key "${key}"; each key may appear only once in a mapping`,
        });
      }
      if (key !== undefined) seen.add(key);
      stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 });
    }
  }
  return issues.sort((a, b) => a.offset - b.offset);
}

function start(node: unknown): number {
  return (node as Node).range?.[0] ?? 0;
}

function tooMany(limit: number): string {
  return `the document has more than ${limit} values and keys`;
}

function tooDeep(limit: number): string {
  return `the document nests deeper than ${limit} levels`;
}
