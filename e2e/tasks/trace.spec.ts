import { expect, FLOW_BLUEPRINT, test } from "../fixtures";

/** A tool that fails its first try of each prompt and succeeds the second; and one that takes a minute. */
const TRACE_BLUEPRINT = `metadata: { id: e2e-trace-v1, name: Trace Lab, version: 1.0.0 }
cluster: { type: project, min_workers: 4, max_workers: 6 }
agents:
  - role: lead
    name: Trace Lead
  - role: flaky
    name: Flaky Tool
    count: 2
    reports_to: lead
    runtime:
      type: command
      prompt_via: argument
      argv:
        - sh
        - -c
        - 'if [ -e "/tmp/$1" ]; then echo second try works; else : > "/tmp/$1"; echo first try fails >&2; exit 1; fi'
        - sh
        - "{prompt}"
  - role: slow
    name: Slow Worker
    reports_to: lead
    runtime: { type: builtin, behaviour: sleep, sleep_ms: 60000 }
`;

test.beforeEach(async ({ api }) => {
  await api.deleteAllClusters();
});

test("a delegated task's page traces its whole family on one axis, with a breadcrumb to the root", async ({
  page,
  api,
  capture,
}) => {
  await api.uploadBlueprint(FLOW_BLUEPRINT);
  const clusterId = await api.activeCluster("e2e-flow-v1", `Trace Flow ${Date.now()}`);
  const submitted = await page.request.post(`/api/clusters/${clusterId}/tasks`, {
    data: { role: "chief", payload: { prompt: "the morning edition" }, waitMs: 30_000 },
  });
  expect(submitted.ok(), await submitted.text()).toBe(true);
  const root = (await submitted.json()) as { id: string; status: string };
  expect(root.status).toBe("SUCCEEDED");
  const family = (await (await page.request.get(`/api/tasks?rootTaskId=${root.id}&limit=200`)).json()) as {
    items: Array<{ id: string; depth: number; parentTaskId: string | null }>;
  };
  const leaf = family.items.find((task) => task.depth === 2)!;
  expect(leaf).toBeDefined();

  await page.goto(`/tasks/${leaf.id}`);
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs.getByRole("link", { name: `Root ${root.id.slice(0, 8)}` })).toBeVisible();
  await expect(crumbs.getByRole("link", { name: `Subtask ${leaf.parentTaskId!.slice(0, 8)}` })).toBeVisible();

  const rows = page.getByTestId("trace-row");
  await expect(rows).toHaveCount(family.items.length);
  await expect(rows.first()).toHaveAttribute("data-task-id", root.id);
  await expect(page.locator(`[data-testid="trace-row"][aria-current="true"]`)).toHaveAttribute("data-task-id", leaf.id);
  // Every task ran once and succeeded, each attempt with its agent and times.
  await expect(page.locator('[data-testid="trace-attempt"][data-outcome="succeeded"]')).toHaveCount(
    family.items.length,
  );
  await expect(page.getByTestId("trace-attempt").first()).toContainText("Editor in Chief");
  await capture("task-trace");

  // Up to the root: its result is shown, never a bare null.
  await crumbs.getByRole("link", { name: `Root ${root.id.slice(0, 8)}` }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${root.id}$`));
  await expect(page).toHaveTitle(`Task ${root.id.slice(0, 8)} (succeeded) · Myzel`);
  const result = page.getByRole("region", { name: "Result" });
  await expect(result.locator("pre")).toBeVisible();
  await expect(result.locator("pre")).not.toHaveText("null");
});

test("a retried task shows both attempts with their errors; Cancel and Replay work from the page", async ({
  page,
  api,
}) => {
  await api.uploadBlueprint(TRACE_BLUEPRINT);
  const clusterId = await api.activeCluster("e2e-trace-v1", `Trace Retry ${Date.now()}`);
  const marker = `myzel-e2e-flaky-${Date.now()}`;
  const submitted = await page.request.post(`/api/clusters/${clusterId}/tasks`, {
    data: { role: "flaky", payload: marker, maxAttempts: 2, waitMs: 30_000 },
  });
  const flaky = (await submitted.json()) as { id: string; status: string };
  expect(flaky.status).toBe("SUCCEEDED");

  await page.goto(`/tasks/${flaky.id}`);
  const attempts = page.getByTestId("trace-attempt");
  await expect(attempts).toHaveCount(2);
  await expect(attempts.first()).toHaveAttribute("data-outcome", "failed");
  await expect(attempts.first()).toContainText("first try fails");
  await expect(attempts.first()).toContainText("Flaky Tool");
  await expect(attempts.nth(1)).toHaveAttribute("data-outcome", "succeeded");
  await expect(page.getByRole("region", { name: "Result" })).toContainText("second try works");

  // A slow task: cancelled from its page.
  const slow = (await (
    await page.request.post(`/api/clusters/${clusterId}/tasks`, { data: { role: "slow", payload: "take your time" } })
  ).json()) as { id: string };
  await page.goto(`/tasks/${slow.id}`);
  await page.getByRole("button", { name: "Cancel task" }).click();
  const confirm = page.getByRole("dialog", { name: `Cancel task ${slow.id.slice(0, 8)}?` });
  await confirm.getByRole("button", { name: "Cancel task" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("trace-row").first()).toHaveAttribute("data-status", "CANCELLED");

  // Replay sends the same request as a new task and opens it.
  await page.getByRole("button", { name: "Replay" }).click();
  await page
    .getByRole("dialog", { name: `Replay task ${slow.id.slice(0, 8)}?` })
    .getByRole("button", { name: "Send again" })
    .click();
  await expect(page).not.toHaveURL(new RegExp(`/tasks/${slow.id}$`));
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  await expect(page.getByText("take your time").first()).toBeVisible();
  await api.deleteAllClusters();
});
