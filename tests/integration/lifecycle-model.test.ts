/**
 * The model-based test of the whole lifecycle, short and seeded: random sequences of cluster
 * moves, tasks and faults against the real server, every invariant checked after each step
 * (tests/model). `npm run soak` runs the same model for minutes under load.
 *
 *   MYZEL_MODEL_SEED=… to replay a seed; MYZEL_MODEL_RUNS / MYZEL_MODEL_COMMANDS to go further.
 */
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { MODEL_AGENT_SETTINGS } from "../model/agent-settings";
import { System } from "../model/real";
import { formatFailure, runLifecycleModel } from "../model/run";

const seed = Number(process.env.MYZEL_MODEL_SEED ?? 20_261_201);
const numRuns = Number(process.env.MYZEL_MODEL_RUNS ?? 10);
const maxCommands = Number(process.env.MYZEL_MODEL_COMMANDS ?? 12);

let system: System;

beforeAll(async () => {
  system = new System({
    url: inject("myzelUrl"),
    token: inject("adminToken"),
    databaseUrl: inject("databaseUrl"),
    redisUrl: inject("redisUrl"),
    root: path.resolve(import.meta.dirname, "../.."),
    // As the server of global-setup.ts, so an extra runner heals its agents the same way.
    runnerEnv: MODEL_AGENT_SETTINGS,
  });
  await system.start();
});

afterAll(() => system?.stop());

it(`keeps every invariant over random lifecycles (seed ${seed}, ${numRuns} runs of up to ${maxCommands} steps)`, async () => {
  console.log(
    `lifecycle model: seed ${seed}, ${numRuns} runs, up to ${maxCommands} commands (MYZEL_MODEL_SEED to replay)`,
  );
  const result = await runLifecycleModel(system, {
    seed,
    numRuns,
    maxCommands,
    shrinkBudgetMs: 120_000,
    log: (line) => console.log(line),
  });
  if (result.failure) expect.fail(formatFailure(result.failure));
  expect(result.runs).toBe(numRuns);
}, 900_000);
