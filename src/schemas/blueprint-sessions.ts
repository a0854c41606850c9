/**
 * Session mode of the command runtime: the agent keeps one tool process per session key and
 * writes each prompt to it, instead of starting a process per task. How an answer ends, how a
 * prompt is framed and which output means failure differ per tool, so roles pick a preset and
 * may override any part of it.
 */
import { z } from "zod";
import { strict } from "./blueprint-parts";

const regex = (what: string) =>
  z
    .string()
    .min(1)
    .max(500)
    .refine(
      (source) => {
        try {
          new RegExp(source, "m");
          return true;
        } catch {
          return false;
        }
      },
      { message: `${what} must be a valid regular expression` },
    );

export const answerEndSchema = z
  .discriminatedUnion("type", [
    strict({
      type: z.literal("prompt"),
      pattern: regex("answer_end.pattern").describe("The tool's prompt (a regex matched at the end of its output)."),
    }),
    strict({
      type: z.literal("sentinel"),
      command: z
        .string()
        .min(1)
        .max(500)
        .refine((c) => c.includes("{marker}"), { message: "the sentinel command must contain {marker}" })
        .describe("Written after each prompt; the tool prints {marker} (replaced by a unique token) when done."),
    }),
    strict({
      type: z.literal("quiet"),
      ms: z.int().min(10).max(60_000).describe("The answer ends after this long without output."),
    }),
  ])
  .describe("How the agent knows a tool has finished answering.");
export type AnswerEnd = z.infer<typeof answerEndSchema>;

export const SESSION_PRESETS = ["python", "node", "bc", "sqlite", "shell", "generic"] as const;
export type SessionPreset = (typeof SESSION_PRESETS)[number];

/** What a preset fills in; every field may be overridden by the role. */
export interface SessionDefaults {
  answer_end: AnswerEnd;
  framing: string;
  error_patterns: string[];
  strip_patterns: string[];
  /** Variables the tool needs to talk over pipes (unbuffered output). */
  env: Record<string, string>;
}

/** Tested against python3 -i -q, node -i, bc -q, sqlite3 and sh/bash as Debian ships them. */
export const SESSION_PRESET_DEFAULTS: Record<SessionPreset, SessionDefaults> = {
  python: {
    answer_end: { type: "sentinel", command: 'print("{marker}")' },
    // The empty line closes an indented block (def, for …) before the sentinel is written.
    framing: "{prompt}\n\n",
    error_patterns: ["^Traceback \\(most recent call last\\)", "^\\w*(Error|Exception): "],
    strip_patterns: ["^(>>> |\\.\\.\\. )+"],
    env: { PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8" },
  },
  node: {
    // The REPL prints a string result in single quotes; the written command uses double quotes,
    // so an echoed command never looks like the answer's end.
    answer_end: { type: "sentinel", command: '"{marker}"' },
    framing: "{prompt}\n",
    error_patterns: ["^Uncaught "],
    strip_patterns: ["^(> |\\.\\.\\. )+", "^undefined$\\n?"],
    env: { NODE_NO_READLINE: "1", NODE_DISABLE_COLORS: "1" },
  },
  bc: {
    answer_end: { type: "sentinel", command: 'print "{marker}\\n"' },
    framing: "{prompt}\n",
    error_patterns: ["^\\(standard_in\\) \\d+: ", "^Runtime error"],
    strip_patterns: [],
    env: {},
  },
  sqlite: {
    answer_end: { type: "sentinel", command: ".print {marker}" },
    framing: "{prompt}\n",
    error_patterns: ["^(Parse|Runtime) error", "^Error: "],
    strip_patterns: [],
    env: {},
  },
  shell: {
    answer_end: { type: "sentinel", command: "echo {marker}" },
    framing: "{prompt}\n",
    error_patterns: [],
    strip_patterns: [],
    env: {},
  },
  generic: {
    answer_end: { type: "quiet", ms: 300 },
    framing: "{prompt}\n",
    error_patterns: [],
    strip_patterns: [],
    env: {},
  },
};

export const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000;
export const DEFAULT_MAX_SESSIONS = 32;

export const sessionOptionsSchema = strict({
  preset: z
    .enum(SESSION_PRESETS)
    .default("generic")
    .describe("Answer end, framing and error patterns for a known tool; the fields below override it."),
  answer_end: answerEndSchema.optional(),
  framing: z
    .string()
    .max(1000)
    .refine((f) => f.includes("{prompt}"), { message: "framing must contain {prompt}" })
    .optional()
    .describe('How a prompt is written to the tool; default "{prompt}\\n".'),
  error_patterns: z
    .array(regex("each error pattern"))
    .max(50)
    .optional()
    .describe("Output matching any of these (multi-line regexes) fails the task, whatever the exit code."),
  strip_patterns: z
    .array(regex("each strip pattern"))
    .max(50)
    .optional()
    .describe("Removed from answers (prompts, echoes)."),
  pty: z.boolean().default(false).describe("Run the tool in a pseudo-terminal; escape sequences are stripped."),
  idle_timeout_ms: z
    .int()
    .min(1000)
    .max(7 * 86_400_000)
    .default(DEFAULT_IDLE_TIMEOUT_MS)
    .describe("A session unused this long is closed (the next prompt is told its state was lost)."),
  max_sessions: z
    .int()
    .min(1)
    .max(10_000)
    .default(DEFAULT_MAX_SESSIONS)
    .describe("Sessions one agent keeps open; the least recently used is closed first."),
  on_move: z
    .enum(["report", "replay"])
    .default("report")
    .describe(
      "When a session's state is gone (agent restarted or moved, tool crashed, evicted): report says so in the answer; replay also writes the session's earlier prompts to the new tool first.",
    ),
}).describe("Options of session mode.");
export type SessionOptions = z.infer<typeof sessionOptionsSchema>;

/** The preset with the role's overrides applied: what the agent runs by. */
export function resolveSession(options: SessionOptions): SessionDefaults & SessionOptions {
  const preset = SESSION_PRESET_DEFAULTS[options.preset];
  return {
    ...options,
    answer_end: options.answer_end ?? preset.answer_end,
    framing: options.framing ?? preset.framing,
    error_patterns: options.error_patterns ?? preset.error_patterns,
    strip_patterns: options.strip_patterns ?? preset.strip_patterns,
    env: preset.env,
  };
}

/** Conversation memory of the llm runtime for tasks that carry a session key. */
export const conversationOptionsSchema = strict({
  max_messages: z.int().min(0).max(1000).default(20).describe("Earlier messages sent with each prompt (0: no memory)."),
  max_tokens: z
    .int()
    .min(100)
    .max(1_000_000)
    .default(8000)
    .describe("Cap on the estimated tokens of those messages (about 4 characters each)."),
}).describe("How much of a session's conversation is sent with each prompt; older turns are summarised.");
export type ConversationOptions = z.infer<typeof conversationOptionsSchema>;
