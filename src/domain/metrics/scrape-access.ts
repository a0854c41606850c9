/**
 * Who may read /metrics. Prometheus authenticates with a bearer token (the scrape token of
 * MYZEL_METRICS_TOKEN, or any active API token: the figures are what a viewer sees anyway), or
 * scrapes from an address on MYZEL_METRICS_ALLOW without one. A wrong token is refused even from
 * an allowed address, so a misconfigured scraper is noticed instead of passing by accident.
 * A browser session is a known caller, but this is a machine endpoint: it gets 403, not 401.
 */
export interface ScrapeRequest {
  /** The bearer token sent, if any. */
  bearer: string | undefined;
  /** Whether that token is the scrape token (compared in constant time by the caller). */
  isScrapeToken: boolean;
  /** Whether that token is an active API token. */
  isApiToken: boolean;
  /** Whether the client's address is on the allow-list. */
  addressAllowed: boolean;
  /** Whether the request carries a valid dashboard session. */
  signedIn: boolean;
}

export type ScrapeDecision = { allowed: true } | { allowed: false; status: 401 | 403; detail: string };

const HOW =
  "send the scrape token (MYZEL_METRICS_TOKEN) or an API token as a bearer token, or scrape from an address on MYZEL_METRICS_ALLOW";

export function scrapeDecision(request: ScrapeRequest): ScrapeDecision {
  if (request.bearer !== undefined) {
    if (request.isScrapeToken || request.isApiToken) return { allowed: true };
    return {
      allowed: false,
      status: 401,
      detail: `the bearer token is no scrape token and no active API token: ${HOW}`,
    };
  }
  if (request.addressAllowed) return { allowed: true };
  if (request.signedIn)
    return { allowed: false, status: 403, detail: `a dashboard session does not read /metrics: ${HOW}` };
  return { allowed: false, status: 401, detail: `/metrics needs credentials: ${HOW}` };
}
