import { expect, test } from "../fixtures";

const FAILING_BLUEPRINT = `metadata: { id: e2e-failing-v1, name: Failing, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 4 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    reports_to: supervisor
    runtime: { type: builtin, behaviour: fail }
`;

test("a task that failed for good shows every attempt's error, and Replay submits it anew", async ({
  page,
  api,
  capture,
}) => {
  await api.uploadBlueprint(FAILING_BLUEPRINT);
  const clusterId = await api.activeCluster("e2e-failing-v1", `Failing ${Date.now()}`, 2);
  const submitted = await page.request.post(`/api/clusters/${clusterId}/tasks`, {
    data: { role: "worker", payload: { prompt: "never works" }, maxAttempts: 2, waitMs: 15_000 },
  });
  expect(submitted.ok(), await submitted.text()).toBe(true);
  const task = (await submitted.json()) as { id: string; status: string };
  expect(task.status).toBe("FAILED");

  await page.goto(`/tasks/${task.id}`);
  const letter = page.getByRole("region", { name: "Dead letter" });
  await expect(letter.getByText("2 attempts on record")).toBeVisible();
  const attempts = letter.getByRole("list", { name: "Failed attempts" }).getByRole("listitem");
  await expect(attempts).toHaveCount(2);
  await expect(attempts.first()).toContainText("Attempt 1");
  await expect(attempts.first()).toContainText("failed the task on purpose");
  await capture("task-dead-letter");

  await letter.getByRole("button", { name: "Replay" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/tasks/${task.id}$`));
  await expect(page.getByText("never works").first()).toBeVisible();

  // The letter is replayed once: its page links to the new task instead of offering Replay again.
  await page.goto(`/tasks/${task.id}`);
  await expect(letter.getByRole("link", { name: /Replayed as/ })).toBeVisible();
  await expect(letter.getByRole("button", { name: "Replay" })).toHaveCount(0);
  await api.deleteAllClusters();
});
