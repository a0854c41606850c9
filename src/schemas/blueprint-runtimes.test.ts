import { describe, expect, it } from "vitest";
import { blueprintJsonSchema } from "./blueprint";
import { agent, type Json, problems } from "./blueprint-fixtures";

describe("runtimes", () => {
  const withRuntime = (runtime: unknown) => problems((bp) => (agent(bp).runtime = runtime));

  it("checks the builtin runtime", () => {
    expect(withRuntime({ type: "builtin", behaviour: "sleep", sleep_ms: 10 })).toEqual([]);
    expect(withRuntime({ type: "builtin", behaviour: "dance" })).toEqual([
      'agents.0.runtime.behaviour: must be one of: echo, sleep, fail, delegate, remember, recall (got "dance")',
    ]);
    expect(withRuntime({ type: "builtin", sleep_ms: -1 })).toEqual(["agents.0.runtime.sleep_ms: must be at least 0"]);
    expect(withRuntime({ type: "builtin", behaviour: "fail", fail_probability: 1.5 })).toEqual([
      "agents.0.runtime.fail_probability: must be at most 1",
    ]);
  });

  it("takes an llm endpoint from a provider or a base_url, never both, and the key's variable from the provider", () => {
    expect(withRuntime({ type: "llm", provider: "openai-main", model: "gpt" })).toEqual([]);
    expect(withRuntime({ type: "llm", base_url: "http://127.0.0.1:1/v1", model: "gpt" })).toEqual([]);
    expect(withRuntime({ type: "llm", model: "gpt" })).toEqual([
      "agents.0.runtime.base_url: an llm runtime needs a provider (defined by an admin) or a base_url",
    ]);
    expect(
      withRuntime({ type: "llm", provider: "openai-main", base_url: "http://127.0.0.1:1/v1", model: "gpt" }),
    ).toEqual(["agents.0.runtime.base_url: give a provider or a base_url, not both: the provider holds the endpoint"]);
    expect(withRuntime({ type: "llm", provider: "openai-main", api_key_env: "KEY", model: "gpt" })).toEqual([
      "agents.0.runtime.api_key_env: the provider names the key's variable: drop api_key_env",
    ]);
    expect(withRuntime({ type: "llm", provider: "Open AI", model: "gpt" })).toEqual([
      "agents.0.runtime.provider: a provider name is 1–63 lowercase letters, digits and dashes, like openai-main",
    ]);
  });

  it("checks the command runtime", () => {
    expect(withRuntime({ type: "command", argv: [] })).toEqual(["agents.0.runtime.argv: must not be empty"]);
    expect(withRuntime({ type: "command", argv: [""] })).toEqual(["agents.0.runtime.argv.0: must not be empty"]);
    expect(withRuntime({ type: "command", argv: ["x"], timeout_ms: 0 })).toEqual([
      "agents.0.runtime.timeout_ms: must be at least 1",
    ]);
    expect(withRuntime({ type: "command", argv: ["x"], max_output_bytes: 0 })).toEqual([
      "agents.0.runtime.max_output_bytes: must be at least 1",
    ]);
    expect(withRuntime({ type: "command", argv: ["x"], env_allow: ["PATH", "MY-VAR"] })).toEqual([
      "agents.0.runtime.env_allow.1: must be an environment variable name like PATH or OPENAI_API_KEY",
    ]);
    expect(withRuntime({ type: "command", argv: ["x"], prompt_via: "file" })).toEqual([
      'agents.0.runtime.prompt_via: must be one of: stdin, argument (got "file")',
    ]);
  });

  it("needs the {prompt} placeholder when the prompt is passed as an argument", () => {
    expect(withRuntime({ type: "command", argv: ["tool", "--ask"], prompt_via: "argument" })).toEqual([
      'agents.0.runtime.argv: prompt_via is "argument", so one argument must contain the placeholder {prompt}',
    ]);
    expect(withRuntime({ type: "command", argv: ["tool", "--ask={prompt}"], prompt_via: "argument" })).toEqual([]);
  });

  it("never lets the prompt choose the program", () => {
    const refused =
      "agents.0.runtime.argv.0: the program (argv[0]) cannot contain {prompt}; put the placeholder in a later argument";
    expect(withRuntime({ type: "command", argv: ["{prompt}"], prompt_via: "argument" })).toEqual([refused]);
    expect(withRuntime({ type: "command", argv: ["/usr/bin/{prompt}", "x"] })).toEqual([refused]);
    expect(withRuntime({ type: "command", argv: ["tool", "{prompt}"], prompt_via: "argument" })).toEqual([]);
  });

  it("checks the llm runtime", () => {
    const llm = { type: "llm", base_url: "https://api.example.com/v1", model: "m" };
    expect(withRuntime(llm)).toEqual([]);
    expect(withRuntime({ ...llm, base_url: "ftp://example.com" })).toEqual([
      "agents.0.runtime.base_url: must be an http(s) URL like https://api.openai.com/v1",
    ]);
    expect(withRuntime({ ...llm, base_url: "not a url" })).toHaveLength(1);
    expect(withRuntime({ ...llm, model: "" })).toEqual(["agents.0.runtime.model: must not be empty"]);
    expect(withRuntime({ ...llm, temperature: 2.5 })).toEqual(["agents.0.runtime.temperature: must be at most 2"]);
    expect(withRuntime({ ...llm, max_tokens: 0 })).toEqual(["agents.0.runtime.max_tokens: must be at least 1"]);
  });

  it("refuses an API key where the name of its environment variable belongs", () => {
    expect(
      withRuntime({ type: "llm", base_url: "https://x.test/v1", model: "m", api_key_env: "sk-proj-abc123" }),
    ).toEqual([
      "agents.0.runtime.api_key_env: must be the NAME of an environment variable holding the key (like OPENAI_API_KEY), never the key itself",
    ]);
  });

  it("names the runtime types when the type is wrong or missing", () => {
    expect(withRuntime({ type: "shell" })).toEqual([
      'agents.0.runtime.type: runtime type must be one of: builtin, command, llm (got "shell")',
    ]);
    expect(withRuntime({ argv: ["x"] })).toEqual([
      "agents.0.runtime.type: runtime type must be one of: builtin, command, llm (type is missing)",
    ]);
    expect(withRuntime("echo")).toEqual(['agents.0.runtime: expected a mapping (key: value pairs), got "echo"']);
  });
});

describe("unknown keys", () => {
  it("are errors everywhere, with a suggestion for typos", () => {
    expect(problems((bp) => (agent(bp).reports_too = "x"))).toEqual([
      'agents.0: unknown key "reports_too" (did you mean "reports_to"?); allowed keys: role, tier, name, count, reports_to, capabilities, weight, concurrency, limits, placement, runtime, memory, approval',
    ]);
    expect(problems((bp) => ((bp as Json).agent = []))).toEqual([
      ': unknown key "agent" (did you mean "agents"?); allowed keys: metadata, cluster, agents',
    ]);
    expect(problems((bp) => (bp.cluster.colour = "blue"))).toEqual([
      expect.stringMatching(/^cluster: unknown key "colour"; allowed keys: type, min_workers/),
    ]);
    expect(
      problems((bp) => (agent(bp).runtime = { type: "llm", base_url: "https://x.test", model: "m", api_key: "sk-1" })),
    ).toEqual([expect.stringMatching(/^agents\.0\.runtime: unknown key "api_key" \(did you mean "api_key_env"\?\)/)]);
  });
});

describe("blueprintJsonSchema", () => {
  const schema = blueprintJsonSchema() as {
    $schema: string;
    $id: string;
    title: string;
    additionalProperties: boolean;
    required: string[];
    properties: { agents: { items: { properties: Record<string, Json>; required: string[] } } };
  };
  const agentProps = schema.properties.agents.items.properties;

  it("is a draft-07 schema with an $id and a title", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe("/schemas/blueprint.json");
    expect(schema.title).toBe("Myzel blueprint");
    expect(blueprintJsonSchema("https://myzel.example/schemas/blueprint.json").$id).toBe(
      "https://myzel.example/schemas/blueprint.json",
    );
  });

  it("describes input: strict objects, optional defaults, documented fields", () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["metadata", "cluster", "agents"]);
    expect(schema.properties.agents.items.required).toEqual(["role", "name"]);
    expect(agentProps.count).toMatchObject({ default: 1, anyOf: [{ type: "integer" }, { type: "string" }] });
    expect(agentProps.role?.description).toMatch(/unique within the blueprint/);
    expect(agentProps.runtime).toMatchObject({ default: { type: "builtin", behaviour: "echo" } });
  });
});
