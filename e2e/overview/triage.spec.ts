import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

const FAILING_BLUEPRINT = `metadata: { id: e2e-triage-failing-v1, name: Always Failing, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 4 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    reports_to: supervisor
    runtime: { type: builtin, behaviour: fail }
`;

test.beforeEach(async ({ api }) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);
  await api.uploadBlueprint(FAILING_BLUEPRINT);
  await api.deleteAllClusters();
});

test("triage: the failing cluster comes first, sorts by errors, and its failed tasks are counted and named", async ({
  page,
  api,
}) => {
  const stamp = Date.now();
  const calm = await api.activeCluster("e2e-research-v1", `Calm ${stamp}`);
  const failing = await api.activeCluster("e2e-triage-failing-v1", `Failing ${stamp}`, 2);
  await api.activeCluster("e2e-research-v1", `Quiet ${stamp}`);
  for (const prompt of ["first", "second"]) {
    const response = await page.request.post(`/api/clusters/${failing}/tasks`, {
      data: { role: "worker", payload: { prompt }, maxAttempts: 1, waitMs: 20_000 },
    });
    expect(((await response.json()) as { status: string }).status).toBe("FAILED");
  }
  await page.request.post(`/api/clusters/${calm}/tasks`, {
    data: { role: "analyst", payload: { prompt: "fine" }, waitMs: 20_000 },
  });

  // Overview: trouble first, whatever the clusters' age.
  await page.goto("/");
  const cards = page.getByTestId("cluster-card");
  await expect(cards).toHaveCount(3);
  await expect(cards.first()).toHaveAttribute("data-cluster-id", failing);
  await expect(cards.first()).toHaveAttribute("data-trouble", "trouble");

  // Clusters list: open tasks, throughput and errors, sortable.
  await page.goto("/clusters");
  const rows = page.getByTestId("cluster-row");
  await expect(rows).toHaveCount(3);
  const failingRow = rows.filter({ hasText: `Failing ${stamp}` });
  await expect(failingRow.getByTestId("cluster-errors")).toHaveText("100 %");
  const errors = page.getByRole("columnheader", { name: "Errors" });
  await errors.getByRole("button").click();
  await expect(rows.first()).toHaveAttribute("data-cluster-id", failing);
  // Ascending: the cluster with no errors first; one with no finished tasks (no rate) stays last.
  await errors.getByRole("button").click();
  await expect(rows.first()).toHaveAttribute("data-cluster-id", calm);
  await expect(rows.last()).not.toHaveAttribute("data-cluster-id", failing);

  // Tasks: counts by status filter the list; the error is in its own column.
  await page.goto("/tasks");
  const counts = page.getByTestId("status-counts");
  await expect(counts.locator('[data-status="FAILED"]')).toContainText("2");
  await counts.locator('[data-status="FAILED"]').click();
  await expect(page).toHaveURL(/status=FAILED/);
  const taskRows = page.getByTestId("task-row");
  await expect(taskRows).toHaveCount(2);
  await expect(taskRows.first().getByTestId("task-error")).toContainText("failed the task on purpose");

  // A deleted cluster's tasks still name it.
  expect((await page.request.delete(`/api/clusters/${failing}`)).ok()).toBe(true);
  await page.reload();
  await expect(taskRows.first()).toContainText(`Failing ${stamp}`);
});
