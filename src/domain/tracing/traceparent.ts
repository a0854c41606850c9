/**
 * W3C Trace Context's `traceparent` (version 00): what a task, a queue job and a delegation
 * request carry so that work done in several processes joins one trace.
 * https://www.w3.org/TR/trace-context/#traceparent-header
 */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

export interface ParsedTraceparent {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

export function parseTraceparent(value: string | null | undefined): ParsedTraceparent | null {
  const match = value ? TRACEPARENT.exec(value) : null;
  if (!match || match[1] === ZERO_TRACE || match[2] === ZERO_SPAN) return null;
  return { traceId: match[1]!, spanId: match[2]!, sampled: (Number.parseInt(match[3]!, 16) & 1) === 1 };
}

/** The trace a task belongs to, as the API shows it (null when it was submitted with tracing off). */
export const traceIdOf = (traceparent: string | null | undefined): string | null =>
  parseTraceparent(traceparent)?.traceId ?? null;
