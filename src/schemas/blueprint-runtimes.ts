/** How an agent does its work: the builtin, command and llm runtimes of a blueprint role. */
import { z } from "zod";
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_SLEEP_MS } from "./blueprint-defaults";
import { envName, strict, text } from "./blueprint-parts";
import { conversationOptionsSchema, sessionOptionsSchema } from "./blueprint-sessions";
import { providerNameSchema } from "./provider-api";

export const BUILTIN_BEHAVIOURS = ["echo", "sleep", "fail", "delegate", "remember", "recall"] as const;

const builtinRuntime = strict({
  type: z.literal("builtin"),
  behaviour: z
    .enum(BUILTIN_BEHAVIOURS)
    .default("echo")
    .describe(
      "echo: answer with the prompt; sleep: wait sleep_ms, then echo; fail: fail the task; delegate: hand the task to each direct subordinate, wait for them and combine their results; remember: store the prompt as a document in the role's memory namespace; recall: answer with the documents of its namespaces that best match the prompt.",
    ),
  sleep_ms: z
    .int()
    .min(0)
    .max(3_600_000)
    .optional()
    .describe(`How long \`sleep\` waits per task (default ${DEFAULT_SLEEP_MS}).`),
  fail_probability: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "Chance (0..1) that a task fails, for any behaviour (default 1 for fail, else 0); exercises retries and healing.",
    ),
}).describe("Built into the agent process; for demos and tests. Needs nothing installed.");

const commandRuntime = strict({
  type: z.literal("command"),
  argv: z
    .array(z.string().min(1))
    .min(1)
    .describe("Program and arguments, run without a shell. {prompt} is replaced by the task prompt."),
  prompt_via: z
    .enum(["stdin", "argument"])
    .default("stdin")
    .describe("stdin: the prompt is written to the program's stdin; argument: it replaces {prompt} in argv."),
  cwd: z.string().min(1).optional().describe("Working directory of the command."),
  env_allow: z
    .array(envName("must be an environment variable name like PATH or OPENAI_API_KEY"))
    .optional()
    .describe("Names of environment variables passed through; all others are withheld."),
  timeout_ms: z
    .int()
    .min(1)
    .max(86_400_000)
    .default(DEFAULT_COMMAND_TIMEOUT_MS)
    .describe("The command is killed and the task fails after this long."),
  max_output_bytes: z
    .int()
    .min(1)
    .max(64 * 1_048_576)
    .default(DEFAULT_MAX_OUTPUT_BYTES)
    .describe("Output beyond this is cut off, so a chatty tool cannot exhaust memory."),
  mode: z
    .enum(["task", "session"])
    .optional()
    .describe(
      "task (default): a process per task, stdin closed after the prompt; session: one live process per session key, prompts written to it in turn.",
    ),
  session: sessionOptionsSchema.optional(),
})
  .superRefine((runtime, ctx) => {
    if (runtime.mode === "session" && runtime.prompt_via === "argument")
      ctx.addIssue({
        code: "custom",
        path: ["prompt_via"],
        message: 'mode "session" writes prompts to the running tool: prompt_via must be "stdin"',
      });
    if (runtime.session && runtime.mode !== "session")
      ctx.addIssue({ code: "custom", path: ["session"], message: 'session options need mode: "session"' });
    // The program itself must be fixed by the blueprint: a task's prompt never chooses what runs.
    if (runtime.argv[0]?.includes("{prompt}")) {
      ctx.addIssue({
        code: "custom",
        path: ["argv", 0],
        message: "the program (argv[0]) cannot contain {prompt}; put the placeholder in a later argument",
      });
    }
    if (runtime.prompt_via === "argument" && !runtime.argv.some((arg) => arg.includes("{prompt}"))) {
      ctx.addIssue({
        code: "custom",
        path: ["argv"],
        message: 'prompt_via is "argument", so one argument must contain the placeholder {prompt}',
      });
    }
  })
  .describe("Runs a command-line tool per task (an unprivileged child process, no shell).");

const llmRuntime = strict({
  type: z.literal("llm"),
  provider: providerNameSchema
    .optional()
    .describe(
      "Name of a provider an admin defined (endpoint, key variable, fleet-wide limits); instead of base_url and api_key_env.",
    ),
  base_url: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL like https://api.openai.com/v1" })
    .optional()
    .describe("Base URL of an OpenAI-compatible API (…/v1), when the role names no provider."),
  model: text(200).describe("Model name as the endpoint knows it."),
  api_key_env: envName(
    "must be the NAME of an environment variable holding the key (like OPENAI_API_KEY), never the key itself",
  )
    .optional()
    .describe("Name of the environment variable holding the API key. Keys never go into blueprints."),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.int().min(1).max(1_000_000).optional(),
  system_prompt: z.string().max(100_000).optional(),
  conversation: conversationOptionsSchema.optional(),
})
  .superRefine((runtime, ctx) => {
    if (runtime.provider === undefined && runtime.base_url === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["base_url"],
        message: "an llm runtime needs a provider (defined by an admin) or a base_url",
      });
    if (runtime.provider !== undefined && runtime.base_url !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["base_url"],
        message: "give a provider or a base_url, not both: the provider holds the endpoint",
      });
    if (runtime.provider !== undefined && runtime.api_key_env !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["api_key_env"],
        message: "the provider names the key's variable: drop api_key_env",
      });
  })
  .describe("Calls an OpenAI-compatible chat completions endpoint.");

export const runtimeSchema = z
  .discriminatedUnion("type", [builtinRuntime, commandRuntime, llmRuntime], {
    error: (issue) => {
      if (issue.code !== "invalid_union") return undefined;
      const given = isRecord(issue.input) ? issue.input.type : undefined;
      const got = given === undefined ? "type is missing" : `got ${JSON.stringify(given)}`;
      return `runtime type must be one of: builtin, command, llm (${got})`;
    },
  })
  .default({ type: "builtin", behaviour: "echo" })
  .describe("How the agent does its work. Defaults to the builtin echo runtime.");

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
