/**
 * Runs the actions of each finding of a heal check — or, in a dry run, only says what each
 * would do — and keeps every action's outcome, detail and duration. Shared by the
 * infrastructure checks and the checks of one cluster.
 */
export interface ActionResult<A extends string> {
  action: A;
  outcome: "ok" | "failed" | "planned";
  detail: string;
  durationMs: number;
}

export async function applyFindings<A extends string, F extends { actions: readonly A[] }>(
  findings: readonly F[],
  options: {
    dryRun: boolean;
    plan: (action: A, finding: F) => string;
    run: (action: A, finding: F) => Promise<string>;
  },
): Promise<Array<F & { results: ActionResult<A>[] }>> {
  const applied: Array<F & { results: ActionResult<A>[] }> = [];
  for (const finding of findings) {
    const results: ActionResult<A>[] = [];
    for (const action of finding.actions) {
      const started = Date.now();
      if (options.dryRun) {
        results.push({ action, outcome: "planned", detail: options.plan(action, finding), durationMs: 0 });
        continue;
      }
      try {
        results.push({
          action,
          outcome: "ok",
          detail: await options.run(action, finding),
          durationMs: Date.now() - started,
        });
      } catch (error) {
        results.push({ action, outcome: "failed", detail: (error as Error).message, durationMs: Date.now() - started });
      }
    }
    applied.push({ ...finding, results });
  }
  return applied;
}
