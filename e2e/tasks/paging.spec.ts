import { expect, test } from "../fixtures";

const PAGING_BLUEPRINT = `metadata: { id: e2e-paging-v1, name: Paging, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 4 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    reports_to: supervisor
`;

test("the task list pages older and newer by a cursor in the URL, and new tasks do not shift the page", async ({
  page,
  api,
}) => {
  await api.uploadBlueprint(PAGING_BLUEPRINT);
  const clusterId = await api.activeCluster("e2e-paging-v1", `Paging ${Date.now()}`, 2);
  const submit = (count: number, prompt: string) =>
    page.request.post(`/api/clusters/${clusterId}/tasks/batch`, {
      data: {
        tasks: Array.from({ length: count }, (_, i) => ({ role: "worker", payload: { prompt: `${prompt} ${i}` } })),
      },
    });
  expect((await submit(55, "first")).ok()).toBe(true);

  await page.goto(`/tasks?cluster=${clusterId}`);
  const nav = page.getByRole("navigation", { name: "Pagination" });
  await expect(nav.getByText("50 of 55")).toBeVisible();
  await expect(nav.getByRole("button", { name: "Newer page" })).toBeDisabled();

  await nav.getByRole("button", { name: "Older page" }).click();
  await expect(page).toHaveURL(/[?&]cursor=/);
  await expect(nav.getByText("5 of 55")).toBeVisible();
  await expect(nav.getByRole("button", { name: "Older page" })).toBeDisabled();

  // Tasks arriving meanwhile sort above this page: it keeps the same five.
  expect((await submit(3, "late")).ok()).toBe(true);
  await page.reload();
  await expect(nav.getByText("5 of 58")).toBeVisible();
  await expect(page.getByText(/late \d/)).toHaveCount(0);

  await nav.getByRole("button", { name: "Newer page" }).click();
  await expect(nav.getByText("50 of 58")).toBeVisible();
  await nav.getByRole("button", { name: "Newest page" }).click();
  await expect(page).not.toHaveURL(/[?&]cursor=/);
  await expect(page).toHaveURL(new RegExp(`cluster=${clusterId}`));
  await api.deleteAllClusters();
});
