/**
 * Words as PostgreSQL tsquery text. Lexemes found in the namespace's lexicon become operands of
 * a query that is passed as text and cast (`::tsquery`), so each must be quoted the way tsquery's
 * input reads it: inside single quotes, a quote doubled and a backslash escaped.
 */

export function tsqueryOperand(lexeme: string): string {
  return `'${lexeme.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}
