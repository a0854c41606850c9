/**
 * GET /metrics for Prometheus (see scrape-access.ts for who may read it). The answer is built
 * on each scrape: Prometheus decides how often.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppDeps } from "../core/deps";
import { bearerToken } from "../domain/auth/api-token";
import { scrapeDecision } from "../domain/metrics/scrape-access";
import { CLIENT_ADDRESS_HEADER } from "../infra/auth/better-auth";
import { PROMETHEUS_CONTENT_TYPE } from "../infra/process-metrics";
import { resolveActor } from "../services/actors";
import { actorForToken } from "../services/api-tokens";
import { sendProblem } from "./problem";
import { trustedProxies } from "./trusted-proxies";

export const METRICS_PATH = "/metrics";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function createMetricsRoute(deps: AppDeps) {
  const { settings } = deps;
  // The same address-or-block matcher as the trusted proxies'.
  const onAllowList = trustedProxies(settings.METRICS_ALLOW);
  const scrapeToken = settings.METRICS_TOKEN ? digest(settings.METRICS_TOKEN) : undefined;

  return async (req: IncomingMessage, res: ServerResponse) => {
    const authorization = req.headers.authorization;
    const bearer = bearerToken(authorization);
    const address = req.headers[CLIENT_ADDRESS_HEADER];
    const isScrapeToken =
      bearer !== undefined && scrapeToken !== undefined && timingSafeEqual(digest(bearer), scrapeToken);
    const decision = scrapeDecision({
      bearer: bearer ?? (authorization ? "" : undefined),
      isScrapeToken,
      isApiToken: bearer !== undefined && !isScrapeToken && (await actorForToken(deps.db, bearer)) !== null,
      addressAllowed: typeof address === "string" && onAllowList(address),
      signedIn:
        !bearer && !!req.headers.cookie && (await resolveActor(deps, { cookie: req.headers.cookie })).actor !== null,
    });
    if (!decision.allowed) {
      const headers: Record<string, string> =
        decision.status === 401 ? { "WWW-Authenticate": 'Bearer realm="myzel-metrics"' } : {};
      const code = decision.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN";
      return sendProblem(res, decision.status, code, decision.detail, { headers });
    }
    const body = await deps.control.prometheusText();
    res.writeHead(200, { "Content-Type": PROMETHEUS_CONTENT_TYPE, "Cache-Control": "no-store" });
    res.end(body);
  };
}
