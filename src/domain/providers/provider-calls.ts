/**
 * Pure decisions around one call to a provider: how many tokens to reserve before it (the
 * limiter corrects the guess with the usage after), how long a 429 asks everyone to wait, and
 * how the bucket of a per-minute limit is sized.
 */

/** Roughly four characters a token for English text and code: good enough to reserve, corrected after. */
const CHARS_PER_TOKEN = 4;
/** Reserved for the answer when the role sets no max_tokens. */
export const DEFAULT_ANSWER_TOKENS = 256;
/** Each message costs a few tokens of framing besides its text. */
const TOKENS_PER_MESSAGE = 4;

/** What a call is reserved for before it is made: its prompt and (at most) its answer, in tokens. */
export function estimateTokens(
  messages: ReadonlyArray<{ content: string }>,
  maxTokens: number | undefined,
): { prompt: number; answer: number } {
  const prompt = messages.reduce(
    (sum, message) => sum + TOKENS_PER_MESSAGE + Math.ceil(message.content.length / CHARS_PER_TOKEN),
    0,
  );
  return { prompt, answer: maxTokens ?? DEFAULT_ANSWER_TOKENS };
}

/** Without a usable Retry-After, a 429 pauses the provider this long. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** A provider asking for more than this is not believed: the pause is capped so work resumes. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * How long a 429 pauses the provider: `Retry-After` in seconds or as an HTTP date, else the
 * `retry-after-ms` some OpenAI-compatible servers send, else a default; capped.
 */
export function retryAfterMs(headers: { retryAfter: string | null; retryAfterMs: string | null }, now: number): number {
  const fromMs = headers.retryAfterMs === null ? Number.NaN : Number(headers.retryAfterMs);
  const seconds = headers.retryAfter === null ? Number.NaN : Number(headers.retryAfter);
  const date = headers.retryAfter === null || !Number.isNaN(seconds) ? Number.NaN : Date.parse(headers.retryAfter);
  const wait = Number.isFinite(fromMs)
    ? fromMs
    : Number.isFinite(seconds)
      ? seconds * 1000
      : Number.isFinite(date)
        ? date - now
        : DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(wait)));
}

/**
 * How much of a per-minute limit may go out at once: a sixth (ten seconds' worth), at least one
 * unit. A full minute's burst would meet a provider that counts its own minute with twice the
 * limit at the start of a run; a small burst keeps the fleet at the rate the provider expects.
 */
export function burstOf(perMinute: number): number {
  return Math.max(1, Math.floor(perMinute / 6));
}
