/**
 * Output an agent writes is shown to every viewer, so anything that looks like a credential is
 * masked before it is kept: API tokens, bearer and basic credentials, passwords in URLs, and
 * `NAME=value` pairs whose name says secret. The masks keep the name, so a reader still sees
 * what was there.
 */

const MASK = "[redacted]";

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Myzel's own API tokens and the usual provider key shapes (OpenAI, Anthropic, GitHub, Slack, AWS).
  [/\bmyzel_[A-Za-z0-9_-]{8,}/g, `myzel_${MASK}`],
  [/\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{12,}/g, `sk-${MASK}`],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bAKIA[0-9A-Z]{16}\b/g, MASK],
  // Authorization headers.
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // user:password@host in URLs (redis://, postgres://, https://).
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${MASK}@`],
  // NAME=value, NAME: value, "name": "value" where the name says it is secret.
  [
    /(["']?[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*["']?\s*[:=]\s*)(?:"[^"]*"|'[^']*'|[^\s,;}]+)/gi,
    `$1${MASK}`,
  ],
];

export function redactSecrets(line: string): string {
  let text = line;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return text;
}
