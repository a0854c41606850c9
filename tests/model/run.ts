/**
 * Runs the lifecycle model with fast-check against a real Myzel: random command sequences,
 * invariants after each step, and on a failure a bounded shrink to the shortest sequence that
 * still fails. Shared by the integration test (a short seeded run) and `npm run soak`.
 */
import fc from "fast-check";
import { firstCluster, lifecycleCommands } from "./commands";
import { LifecycleModel } from "./model";
import { RealRun, type System } from "./real";

export interface ModelRunOptions {
  seed: number;
  numRuns: number;
  maxCommands: number;
  /** After the first failure, how long shrinking may keep running real sequences. */
  shrinkBudgetMs: number;
  /** No new run starts after this moment (the soak's end); shrinking still gets its budget. */
  stopStartingAt?: number;
  log?: (line: string) => void;
}

export interface ModelFailure {
  seed: number;
  /** fast-check's path to replay exactly this counterexample. */
  path: string;
  /** The shortest failing sequence found, one command a line. */
  sequence: string[];
  message: string;
  /** The invariant that broke, from the message's [tag]. */
  invariant: string;
  shrinkRuns: number;
}

export interface ModelRunResult {
  runs: number;
  failure?: ModelFailure;
  interrupted: boolean;
}

export async function runLifecycleModel(system: System, options: ModelRunOptions): Promise<ModelRunResult> {
  const log = options.log ?? (() => {});
  let failedAt: number | undefined;
  let shrinkRuns = 0;
  let runs = 0;
  let lastFailure: { sequence: string[]; message: string } | undefined;
  /** What the first failure broke: shrinking keeps to it, so it does not wander to another bug. */
  let target: string | undefined;
  // Every run starts from one cluster (otherwise most early steps would have nothing to act on).
  const sequences = fc.commands(lifecycleCommands, { maxCommands: options.maxCommands, size: "max" });
  const property = fc.asyncProperty(firstCluster, sequences, async (first, commands) => {
    if (failedAt !== undefined) {
      // Shrinking: real runs cost seconds, so it is bounded; past the budget every candidate passes and the smallest failure so far stands.
      if (Date.now() - failedAt > options.shrinkBudgetMs) return;
      shrinkRuns++;
    } else if (options.stopStartingAt !== undefined && Date.now() > options.stopStartingAt) {
      return;
    }
    runs++;
    system.totals.runs++;
    const model = new LifecycleModel();
    const real = new RealRun(system, model);
    const started = Date.now();
    try {
      await first.run(model, real);
      // Every run starts with the app's live connection cut under it: the checks after each step
      // then hold across a resume (no event lost, none twice, ids only growing).
      await real.cutLiveConnection();
      await fc.asyncModelRun(() => ({ model, real }), commands);
      await real.finish();
      log(
        `run ${runs}${failedAt ? " (shrinking)" : ""}: passed ${[String(first), ...ranCommands(commands)].join("; ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (target !== undefined && failureSignature(message) !== target) {
        log(`run ${runs} (shrinking): failed otherwise, counted as passing: ${message}`);
        return;
      }
      target ??= failureSignature(message);
      failedAt ??= Date.now();
      // Captured now: the labels (c0, task 3) are those this run resolved.
      lastFailure = {
        sequence: [String(first), ...ranCommands(commands)],
        message: error instanceof Error ? error.message : String(error),
      };
      log(
        `run ${runs}${shrinkRuns ? " (shrinking)" : ""}: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s: ${lastFailure.sequence.join("; ")}\n    ${lastFailure.message}`,
      );
      throw error;
    } finally {
      await real.cleanup().catch((error) => log(`cleanup: ${(error as Error).message}`));
    }
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    endOnFailure: false,
    verbose: fc.VerbosityLevel.None,
  });
  if (!details.failed || !lastFailure) return { runs, interrupted: details.interrupted };
  const message = lastFailure.message;
  return {
    runs,
    interrupted: details.interrupted,
    failure: {
      seed: options.seed,
      path: details.counterexamplePath ?? "",
      sequence: lastFailure.sequence,
      message,
      invariant: /^\[([\w-]+)\]/.exec(message)?.[1] ?? "error",
      shrinkRuns,
    },
  };
}

/** A failure without its particulars (ids, names, counts, parenthesised states): what broke, not where. */
export function failureSignature(message: string): string {
  return message
    .replace(/\([^)]*\)/g, "")
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>")
    .replace(/model-\d+-\w+-\d+/g, "<cluster>")
    .replace(/\bc\d+\b/g, "<c>")
    .replace(/\d+/g, "N");
}

/** The commands of a sequence that ran, as written by their toString. */
function ranCommands(commands: Iterable<unknown>): string[] {
  return [...commands].filter((c) => (c as { hasRan?: boolean }).hasRan).map(String);
}

export function formatFailure(failure: ModelFailure): string {
  return [
    `lifecycle model failed: invariant ${failure.invariant} (seed ${failure.seed}, path "${failure.path}", ${failure.shrinkRuns} shrink runs)`,
    `shortest failing sequence:`,
    ...failure.sequence.map((s, i) => `  ${i + 1}. ${s}`),
    `failure: ${failure.message}`,
  ].join("\n");
}
