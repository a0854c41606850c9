import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { expect, test } from "../fixtures";

/** A local receiver standing in for Slack or an on-call tool: it keeps what it gets. */
async function receiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { url: `http://127.0.0.1:${address.port}/hook`, received, close: () => server.close() };
}

test("an admin adds a Slack webhook, copies its secret, sends a test and sees it delivered", async ({
  page,
  capture,
}) => {
  const hook = await receiver();
  try {
    const name = `On-call ${Date.now()}`;
    await page.goto("/admin/alerts");
    await expect(page.getByRole("heading", { level: 1, name: "Alert webhooks" })).toBeVisible();
    await page.getByRole("button", { name: "New webhook" }).click();

    // A URL that is not http(s) is refused under its field; nothing is added.
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("URL").fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText("expected an http:// or https:// URL")).toBeVisible();

    await page.getByLabel("URL").fill(hook.url);
    await page.getByLabel("Format").selectOption("slack");
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = (await page.getByTestId("webhook-secret").locator("code").first().textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Done" }).click();

    const row = page.getByTestId("webhook-row").filter({ hasText: name });
    await expect(row).toContainText("Slack");
    await row.getByRole("button", { name: "Send test" }).click();
    const delivery = page.getByTestId("delivery-row").first();
    await expect(delivery).toContainText("Test alert from Myzel");
    await expect(delivery).toContainText("delivered");
    await expect(delivery).toContainText("HTTP 200");
    await capture("alert-webhooks");

    // What arrived is Slack's format, signed with the secret the dialog showed.
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(JSON.parse(request!.body).text).toContain("Test alert from Myzel");
    const expected = createHmac("sha256", secret)
      .update(`${request!.headers["x-myzel-timestamp"]}.${request!.body}`)
      .digest("hex");
    expect(request!.headers["x-myzel-signature"]).toBe(`sha256=${expected}`);

    await row.getByRole("button", { name: "Delete" }).click();
    await page
      .getByRole("dialog", { name: /^Delete “/ })
      .getByRole("button", { name: "Delete webhook" })
      .click();
    await expect(row).toHaveCount(0);
  } finally {
    hook.close();
  }
});
