/** Defaults of the blueprint format that code outside the schema needs (kept free of zod). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1_048_576;
/** What the builtin runtime uses when sleep_ms is left out. */
export const DEFAULT_SLEEP_MS = 1000;
