import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test.beforeEach(async ({ api }) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);
  await api.deleteAllClusters();
});

test("the console sends JSON to a capability with a timeout and attempts on Ctrl+Enter, and copies it as curl", async ({
  page,
  api,
  context,
}) => {
  const id = await api.activeCluster("e2e-research-v1", `Console ${Date.now()}`);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/clusters/${id}`);
  const form = page.getByRole("form", { name: "Submit a task" });
  await form.getByLabel("Send to").selectOption("capability");
  await form.getByLabel("Capability").selectOption("charts");
  await form.getByText("JSON", { exact: true }).click();
  await expect(form.getByRole("radio", { name: "JSON" })).toBeChecked();
  const payload = form.getByLabel("Payload (JSON)");

  // Not JSON: said at the box, and nothing can be sent.
  await payload.fill('{"prompt": "plot it", rows: }');
  await expect(form.getByText(/not valid JSON/)).toBeVisible();
  await expect(form.getByRole("button", { name: "Submit task" })).toBeDisabled();

  await payload.fill('{"prompt": "plot it", "rows": [1, 2]}');
  await form.getByLabel("Timeout (s)").fill("20");
  await form.getByLabel("Attempts").fill("2");

  await page.getByRole("button", { name: "Copy as curl" }).click();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toContain('-H "Authorization: Bearer $MYZEL_TOKEN"');
  expect(curl).toContain(`/api/clusters/${id}/tasks`);
  expect(curl).toContain('"capability":"charts"');

  await payload.press("Control+Enter");
  const followed = page.getByTestId("followed-task");
  await expect(followed.getByRole("link")).toBeVisible();
  const shortId = (await followed.getByRole("link").textContent())?.trim() ?? "";
  const tasks = (await (await page.request.get(`/api/tasks?clusterId=${id}&limit=5`)).json()) as {
    items: Array<{
      id: string;
      target: { kind: string; value: string };
      maxAttempts: number;
      timeoutMs: number;
      payload: unknown;
    }>;
  };
  const sent = tasks.items.find((task) => task.id.startsWith(shortId));
  expect(sent).toMatchObject({
    target: { kind: "capability", value: "charts" },
    maxAttempts: 2,
    timeoutMs: 20_000,
    payload: { prompt: "plot it", rows: [1, 2] },
  });
});
