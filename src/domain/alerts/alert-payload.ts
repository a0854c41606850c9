/**
 * The body of a webhook request, in Myzel's JSON or Slack's incoming-webhook format, and its
 * signature: HMAC-SHA256 over "<timestamp>.<body>" with the webhook's secret, sent as
 * `X-Myzel-Signature: sha256=<hex>` with `X-Myzel-Timestamp`, so a receiver can check both
 * who sent it and that it is not an old request replayed.
 */
import { createHmac } from "node:crypto";
import type { Alert, AlertFormat } from "./alert-rules";

export type { AlertFormat };

const ICONS = { info: ":information_source:", warning: ":warning:", critical: ":rotating_light:" } as const;

export function alertBody(alert: Alert, format: AlertFormat, dashboardUrl: string): string {
  const link = alert.clusterId ? `${dashboardUrl}/clusters/${alert.clusterId}` : `${dashboardUrl}/healing`;
  if (format === "json") return JSON.stringify({ type: "myzel.alert", ...alert, url: link });
  const text = `${ICONS[alert.severity]} *${alert.title}* — ${alert.subject}\n${alert.detail}`;
  return JSON.stringify({
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "context", elements: [{ type: "mrkdwn", text: `<${link}|Open in Myzel> · ${alert.at}` }] },
    ],
  });
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}
