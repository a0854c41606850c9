import { expect, FLOW_BLUEPRINT, fullPageScreenshot, test } from "../fixtures";

test.beforeEach(async ({ api }) => {
  await api.uploadBlueprint(FLOW_BLUEPRINT);
  await api.deleteAllClusters();
});

test("a task submitted in one tab appears, travels the tree and finishes in another, without a reload", async ({
  page,
  context,
  api,
  capture,
}) => {
  const id = await api.activeCluster("e2e-flow-v1", "Newsroom");
  const watcher = await context.newPage();
  // Live updates travel over a WebSocket that the CSP (connect-src 'self') must allow.
  const blocked: string[] = [];
  for (const tab of [page, watcher])
    tab.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) blocked.push(message.text());
    });
  await watcher.goto(`/clusters/${id}`);
  await page.goto(`/clusters/${id}`);
  await expect(page.getByTestId("hierarchy-tree").getByRole("treeitem")).toHaveCount(7);
  await expect(watcher.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  expect(blocked).toEqual([]);
  await expect(watcher.getByTestId("recent-task")).toHaveCount(0);
  // Nothing below may come from reloading the watching tab.
  let reloaded = false;
  watcher.on("framenavigated", (frame) => {
    if (frame === watcher.mainFrame()) reloaded = true;
  });

  const console = page.getByRole("form", { name: "Submit a task" });
  await console.getByLabel("Role").selectOption("chief");
  await console.getByLabel("Prompt").fill("Cover the harbour opening");
  await console.getByRole("button", { name: "Submit task" }).click();

  // The sending tab follows the task through the tree: every agent did its part.
  const followed = page.getByTestId("followed-task");
  await expect(followed.getByTestId("task-status")).toHaveText("Succeeded");
  await expect(followed).toContainText("Delegated in 6 parts, 6 back.");
  await expect(page.locator('[data-card][data-flow="done"]')).toHaveCount(7);
  await capture("cluster-task-flow");

  // The other tab saw it arrive and finish.
  const seen = watcher.getByTestId("recent-task").filter({ hasText: "Cover the harbour opening" });
  await expect(seen).toBeVisible();
  await expect(seen.getByTestId("task-status")).toHaveText("Succeeded");
  expect(reloaded).toBe(false);

  // Its page tells the story: routed, delegated to both desks, back.
  await seen.click();
  await expect(watcher.getByTestId("task-timeline").locator('[data-step="delegated"]')).toHaveCount(2);
  await expect(watcher.getByTestId("subtask-tree").getByTestId("subtask")).toHaveCount(6);
  await expect(watcher.getByTestId("task-timeline").locator('[data-step="finished"]')).toContainText("Succeeded");
  await fullPageScreenshot(watcher, "task");

  await watcher.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).click();
  await expect(watcher.getByTestId("task-row").filter({ hasText: "Cover the harbour opening" })).toBeVisible();
  await watcher.getByRole("searchbox", { name: "Search tasks" }).fill("no such words anywhere");
  await expect(watcher.getByText("No tasks match")).toBeVisible();
  await watcher.getByRole("searchbox", { name: "Search tasks" }).fill("harbour");
  await expect(watcher.getByTestId("task-row")).toHaveCount(1);
  await fullPageScreenshot(watcher, "tasks");
});
