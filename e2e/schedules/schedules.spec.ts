import { expect, test } from "../fixtures";

const ECHO_BLUEPRINT = `metadata: { id: e2e-scheduled-v1, name: Scheduled, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 4 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    reports_to: supervisor
    runtime: { type: builtin, behaviour: echo }
`;

test("a schedule created in the dashboard runs, and its run links to the task it submitted", async ({
  page,
  api,
  capture,
}) => {
  await api.uploadBlueprint(ECHO_BLUEPRINT);
  const clusterId = await api.activeCluster("e2e-scheduled-v1", `Scheduled ${Date.now()}`, 2);
  await page.goto(`/clusters/${clusterId}`);
  const panel = page.getByRole("region", { name: "Schedules" });
  await expect(panel.getByText("No schedules.")).toBeVisible();

  await panel.getByRole("button", { name: "New schedule" }).click();
  const dialog = page.getByRole("dialog", { name: "New schedule" });
  await dialog.getByLabel("Name").fill("every second");
  await dialog.getByLabel("Cron expression").fill("61 * * * *");
  await dialog.getByLabel("Role").selectOption("worker");
  await dialog.getByLabel("Priority").fill("8");
  await dialog.getByLabel("Prompt").fill("scheduled hello");
  await dialog.getByRole("button", { name: "Create schedule" }).click();
  // A wrong expression is refused under its field, saying what is wrong.
  await expect(dialog.getByText(/minute: 61/)).toBeVisible();
  await dialog.getByLabel("Cron expression").fill("* * * * * *");
  await dialog.getByRole("button", { name: "Create schedule" }).click();
  await expect(dialog).toBeHidden();

  const schedule = panel.getByTestId("schedule").filter({ hasText: "every second" });
  await expect(schedule.getByTestId("schedule-next")).toContainText("Next run");
  const runLink = schedule.getByRole("link", { name: /^task / }).first();
  await expect(runLink).toBeVisible({ timeout: 20_000 });
  await capture("cluster-schedules");
  await schedule.getByRole("button", { name: "Disable" }).click();
  await expect(schedule.getByText("disabled", { exact: true })).toBeVisible();

  await runLink.click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  await expect(page.getByText("scheduled hello").first()).toBeVisible();
  await expect(page.getByTestId("task-priority").first()).toHaveText("P8");
  await api.deleteAllClusters();
});
