/** Contracts of providers and model prices: the admin API, the dashboard's forms and what an agent is told. */
import { z } from "zod";
import { envName } from "./blueprint-parts";
import { isoDate } from "./common";

/** Provider names go into Redis key names and ACL patterns: no glob characters, no colons. */
export const providerNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a provider name is 1–63 lowercase letters, digits and dashes, like openai-main");

const perMinute = (what: string) =>
  z
    .int()
    .min(1)
    .max(1_000_000_000)
    .nullable()
    .default(null)
    .describe(`${what} per minute across the fleet (null: no limit)`);

export const providerLimitsSchema = z.strictObject({
  requestsPerMinute: perMinute("requests"),
  tokensPerMinute: perMinute("tokens (prompt and answer)"),
  concurrentRequests: z
    .int()
    .min(1)
    .max(100_000)
    .nullable()
    .default(null)
    .describe("calls in flight at once across the fleet (null: no limit)"),
});
export type ProviderLimits = z.infer<typeof providerLimitsSchema>;

export const providerInput = z.strictObject({
  name: providerNameSchema,
  baseUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL like https://api.openai.com/v1" })
    .max(2000)
    .describe("Base URL of an OpenAI-compatible API (…/v1)"),
  apiKeyEnv: envName(
    "must be the NAME of an environment variable holding the key (like OPENAI_API_KEY), never the key itself",
  )
    .nullable()
    .default(null)
    .describe("Name of the environment variable that holds the key on the runners' hosts; keys are never stored"),
  limits: providerLimitsSchema.default({ requestsPerMinute: null, tokensPerMinute: null, concurrentRequests: null }),
});
export type ProviderInput = z.infer<typeof providerInput>;

export const providerNameInput = z.strictObject({ name: providerNameSchema });

export const providerUsageSchema = z
  .object({
    requests: z.number().int().describe("calls admitted since the limiter's state began"),
    tokens: z.number().int().describe("tokens taken (estimates corrected with the usage)"),
    throttled: z.number().int().describe("calls that had to wait their turn"),
    rejected: z.number().int().describe("calls the provider answered 429"),
    inFlight: z.number().int().describe("calls holding a concurrency slot now"),
    waiting: z.array(
      z.object({ taskId: z.string(), reason: z.string(), since: isoDate }).describe("a task waiting for its turn"),
    ),
    pausedUntil: isoDate.nullable().describe("a 429's Retry-After pauses the whole provider until then"),
    requestsUsed: z.number().describe("share of the request burst in use now, 0..1"),
    tokensUsed: z.number().describe("share of the token burst in use now, 0..1"),
  })
  .meta({ id: "ProviderUsage" });
export type ProviderUsageDto = z.infer<typeof providerUsageSchema>;

export const providerSchema = z
  .object({
    name: z.string(),
    baseUrl: z.string(),
    apiKeyEnv: z.string().nullable(),
    limits: z.object({
      requestsPerMinute: z.number().int().nullable(),
      tokensPerMinute: z.number().int().nullable(),
      concurrentRequests: z.number().int().nullable(),
    }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "Provider" });
export type ProviderDto = z.infer<typeof providerSchema>;

export const providerWithUsageSchema = providerSchema
  .extend({ usage: providerUsageSchema.nullable().describe("null when Redis could not be read") })
  .meta({ id: "ProviderWithUsage" });

/** What an agent whose role names a provider is told at start: where, which key variable, the limits. */
export const agentProviderSchema = z.object({
  name: z.string(),
  baseUrl: z.string(),
  apiKeyEnv: z.string().nullable(),
  limits: z.object({
    requestsPerMinute: z.number().nullable(),
    tokensPerMinute: z.number().nullable(),
    concurrentRequests: z.number().nullable(),
  }),
});
export type AgentProvider = z.infer<typeof agentProviderSchema>;

const perMillion = z.number().min(0).max(1_000_000);
export const modelPriceInput = z.strictObject({
  model: z.string().trim().min(1).max(200).describe("the model name as the provider reports it"),
  inputPerMillion: perMillion.describe("US dollars per million input (prompt) tokens"),
  outputPerMillion: perMillion.describe("US dollars per million output (completion) tokens"),
});
export const modelPriceSchema = z
  .object({ model: z.string(), inputPerMillion: z.number(), outputPerMillion: z.number(), updatedAt: isoDate })
  .meta({ id: "ModelPrice" });
export type ModelPriceDto = z.infer<typeof modelPriceSchema>;
export const modelNameInput = z.strictObject({ model: z.string().trim().min(1).max(200) });
