/**
 * Redocly's linter under its recommended rules, run on an OpenAPI document: what `npm test` holds
 * the served document to. Redocly is a development dependency; only tests import this file.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";

/**
 * Each error and warning as `severity path: message`; empty when the document is clean.
 * `off` turns rules off by name, for what is a fact of the installation, not of the document.
 */
export async function redoclyProblems(document: unknown, off: readonly string[] = []): Promise<string[]> {
  const rules = Object.fromEntries(off.map((rule) => [rule, "off" as const]));
  const config = await createConfig({ extends: ["recommended"], rules });
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: "openapi.json",
    config,
  });
  return problems.map(
    (problem) => `${problem.severity} ${problem.location[0]?.pointer ?? ""}: ${problem.message} (${problem.ruleId})`,
  );
}
