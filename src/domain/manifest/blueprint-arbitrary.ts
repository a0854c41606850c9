/**
 * Random valid blueprints for property tests: a tree of roles (each reports to an earlier one),
 * counts that fit the cluster's bounds, every runtime, optional scaling, placement and memory,
 * and names that YAML must quote (colons, '#', leading spaces are trimmed by the schema).
 * Each one is checked by the real schema, so a test gets what an upload would store.
 */
import fc from "fast-check";
import type { Blueprint } from "../../schemas/blueprint";
import { checkBlueprint } from "../blueprint/parse-blueprint";

const slugText = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const displayName = fc.oneof(
  fc.constantFrom("Head", "Lead: research", "Writer #1", "Einkäufer", "yes", "null", "1.0", "- dash", "a | b"),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0),
);

const runtime = fc.oneof(
  fc.record(
    {
      type: fc.constant("builtin"),
      behaviour: fc.constantFrom("echo", "sleep", "fail", "delegate", "remember", "recall"),
      sleep_ms: fc.nat(5000),
      fail_probability: fc.double({ min: 0, max: 1, noNaN: true }),
    },
    { requiredKeys: ["type"] },
  ),
  fc
    .record(
      {
        type: fc.constant("command"),
        argv: fc.tuple(
          fc.constantFrom("cat", "/usr/bin/python3", "aider"),
          fc.array(fc.constantFrom("-q", "--yes", "x y")),
        ),
        env_allow: fc.array(fc.constantFrom("PATH", "HOME", "OPENAI_API_KEY"), { maxLength: 3 }),
        timeout_ms: fc.integer({ min: 1, max: 600_000 }),
      },
      { requiredKeys: ["type", "argv"] },
    )
    .map(({ argv, ...rest }) => ({ ...rest, argv: [argv[0], ...argv[1]] })),
  fc.record(
    {
      type: fc.constant("llm"),
      base_url: fc.constantFrom("https://api.openai.com/v1", "http://localhost:11434/v1"),
      model: fc.constantFrom("gpt-4o-mini", "llama3.1:8b"),
      api_key_env: fc.constant("OPENAI_API_KEY"),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      system_prompt: fc.string({ maxLength: 80 }),
    },
    { requiredKeys: ["type", "base_url", "model"] },
  ),
);

const placement = fc.record(
  {
    node_labels: fc.dictionary(fc.constantFrom("gpu", "region", "disk"), fc.constantFrom("a100", "eu", "ssd")),
    spread: fc.boolean(),
    max_per_node: fc.integer({ min: 1, max: 10 }),
  },
  { requiredKeys: [] },
);

const memory = fc.record(
  {
    namespace: fc.constantFrom("shared", "notes", "global:facts"),
    read: fc.array(fc.constantFrom("shared", "notes"), { maxLength: 2 }),
    recall_tokens: fc.integer({ min: 1, max: 4000 }),
    store_answers: fc.boolean(),
  },
  { requiredKeys: [] },
);

const role = fc.record(
  {
    name: displayName,
    tier: fc.constantFrom("supervisor", "lead", "specialist", "worker"),
    capabilities: fc.array(fc.constantFrom("writing", "review", "search", "planning: long"), { maxLength: 3 }),
    weight: fc.integer({ min: 1, max: 5 }),
    concurrency: fc.integer({ min: 1, max: 8 }),
    runtime,
    placement,
    memory,
    range: fc.boolean(),
    count: fc.nat(3),
  },
  { requiredKeys: ["name", "runtime", "range", "count"] },
);

const scaling = fc
  .record(
    {
      metric: fc.constantFrom("task_queue_length", "load_percentage", "avg_response_time"),
      scale_up_threshold: fc.integer({ min: 1, max: 1000 }),
      scale_down_threshold: fc.nat(1000),
      tolerance: fc.double({ min: 0, max: 0.5, noNaN: true }),
      stabilization_seconds: fc.nat(900),
      max_step_up: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constantFrom("50%", "100%")),
    },
    { requiredKeys: ["scale_up_threshold", "scale_down_threshold"] },
  )
  .map((scaling) => {
    // A percentage stays within 100; shrinking never starts above growing.
    const top = scaling.metric === "load_percentage" ? 100 : Number.POSITIVE_INFINITY;
    const up = Math.min(scaling.scale_up_threshold, top);
    return { ...scaling, scale_up_threshold: up, scale_down_threshold: Math.min(scaling.scale_down_threshold, up) };
  });

/** Blueprints as written (input form) that the schema and the semantic checks accept. */
export const blueprintArbitrary: fc.Arbitrary<Blueprint> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/),
    name: displayName,
    version: fc.constantFrom("1.0.0", "2", "0.1", "3.2.1-beta.1"),
    description: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    type: fc.constantFrom("department", "project", "temporary", "persistent"),
    routing: fc.constantFrom("round-robin", "least-busy", "sticky", "weighted"),
    scaling: fc.option(scaling, { nil: undefined }),
    roles: fc.uniqueArray(fc.tuple(slugText, role, fc.nat()), {
      minLength: 1,
      maxLength: 6,
      selector: ([slug]) => slug,
    }),
  })
  .map(({ roles, ...meta }) => {
    const managerOf = roles.map(([, , parent], index) => (index === 0 ? undefined : roles[parent % index]![0]));
    const agents = roles.map(([slug, spec], index) => {
      const { range, count, tier: _tier, ...rest } = spec;
      // The root has one agent; a role others report to has at least one.
      const least = managerOf.includes(slug) ? 1 : 0;
      const written = range ? `${least}-${count + least}` : Math.max(count, least);
      return {
        ...rest,
        role: slug,
        count: index === 0 ? 1 : written,
        // Tiers are left to their default so a subordinate never outranks its manager.
        ...(index === 0 ? {} : { reports_to: managerOf[index] }),
      };
    });
    const most = agents.reduce((sum, agent) => sum + Number(String(agent.count).split("-").at(-1)), 0);
    const least = agents.reduce((sum, agent) => sum + Number(String(agent.count).split("-")[0]), 0);
    return {
      metadata: { id: meta.id, name: meta.name, version: meta.version, description: meta.description },
      cluster: {
        type: meta.type,
        min_workers: least,
        max_workers: Math.max(most, 1),
        routing: meta.routing,
        scaling: meta.scaling,
      },
      agents,
    };
  })
  .map((input) => {
    const checked = checkBlueprint(JSON.parse(JSON.stringify(input)));
    if (!checked.ok) throw new Error(`the arbitrary made an invalid blueprint: ${JSON.stringify(checked.issues)}`);
    return checked.blueprint;
  });
