/**
 * Whether an error means PostgreSQL or Redis could not be reached (refused, reset, timed out,
 * a pool that found no connection), as opposed to a fault of the request or of Myzel. Such a
 * request is answered 503 with Retry-After: the caller may try again once the link is back.
 * Read from the error and its causes, whatever layer wrapped them (Prisma, its pg adapter, pg,
 * ioredis).
 */
export type UnavailableService = "PostgreSQL" | "Redis";

/** Prisma's codes for a database it cannot reach, lost, or waited too long for. */
const PRISMA_UNREACHABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The pg adapter's kinds for the same (DriverAdapterError's cause). */
const ADAPTER_UNREACHABLE = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
/** pg's own words for a connection it could not make or lost, and for a query timed out client-side. */
const PG_MESSAGES =
  /timeout exceeded when trying to connect|Query read timeout|Connection terminated|Can't reach database server|Server has closed the connection/i;
const REDIS_MESSAGES = /Connection is closed|Stream isn't writeable|max retries per request/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
}

export function unavailableService(error: unknown): UnavailableService | undefined {
  const seen = new Set<unknown>();
  for (let e = error as ErrorLike | undefined; e && typeof e === "object" && !seen.has(e); e = e.cause as ErrorLike) {
    seen.add(e);
    const message = typeof e.message === "string" ? e.message : "";
    if (e.name === "MaxRetriesPerRequestError" || REDIS_MESSAGES.test(message)) return "Redis";
    if (typeof e.code === "string" && PRISMA_UNREACHABLE.has(e.code)) return "PostgreSQL";
    if (typeof e.kind === "string" && ADAPTER_UNREACHABLE.has(e.kind)) return "PostgreSQL";
    if (PG_MESSAGES.test(message)) return "PostgreSQL";
    if (typeof e.code === "string" && SOCKET_CODES.has(e.code)) return "PostgreSQL";
  }
  return undefined;
}

/** Seconds a client is asked to wait before it tries again. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export const unavailableMessage = (service: UnavailableService) =>
  `${service} cannot be reached right now; try again in ${UNAVAILABLE_RETRY_AFTER_SECONDS} s`;
