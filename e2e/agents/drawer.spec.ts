import type { Page } from "@playwright/test";
import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test.beforeEach(async ({ api }) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);
  await api.deleteAllClusters();
});

async function sendTask(page: Page, clusterId: string, role: string, prompt: string) {
  const response = await page.request.post(`/api/clusters/${clusterId}/tasks`, {
    data: { role, payload: { prompt }, waitMs: 20_000 },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const task = (await response.json()) as { id: string; status: string };
  expect(task.status).toBe("SUCCEEDED");
  return task.id;
}

test("an agent opened from the tree shows its process, tasks, output and restart, and the link keeps it open", async ({
  page,
  api,
}) => {
  const id = await api.activeCluster("e2e-research-v1", "Drawer Lab");
  await page.goto(`/clusters/${id}`);
  await expect(page).toHaveTitle("Drawer Lab · Cluster · Myzel");
  const tree = page.getByTestId("hierarchy-tree");
  await tree.getByText("Data Lead", { exact: true }).click();

  const drawer = page.getByRole("dialog", { name: "Data Lead" });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(/[?&]agent=[0-9a-f-]{36}/);
  const output = drawer.getByRole("log", { name: "Output of Data Lead" });
  await expect(output).toContainText("ready, pid");

  // A task it runs shows in its recent tasks and in its output, without a reload.
  const taskId = await sendTask(page, id, "data_lead", "count the rows");
  await expect(
    drawer.getByTestId("agent-task").filter({ has: page.locator(`[href="/tasks/${taskId}"]`) }),
  ).toBeVisible();
  await expect(output).toContainText(`task ${taskId} attempt 1: succeeded`);

  // The link opens the same agent.
  await page.reload();
  await expect(page.getByRole("dialog", { name: "Data Lead" })).toBeVisible();
  // The drawer covers the viewport: a screenshot of what the screen shows.
  await page.screenshot({ path: "test-results/screenshots/agent-drawer.png" });

  // Restart: asked once more in the app's dialog, then a new process and an entry in its history.
  const pid = await drawer.getByTestId("drawer-pid").textContent();
  await drawer.getByRole("button", { name: "Restart" }).click();
  const confirm = page.getByRole("dialog", { name: "Restart Data Lead?" });
  await confirm.getByRole("button", { name: "Restart agent" }).click();
  await expect(confirm).toBeHidden();
  await expect(drawer.getByTestId("agent-history").getByTestId("healing-entry").first()).toContainText(
    "restart asked by",
  );
  await expect(drawer.getByTestId("drawer-pid")).not.toHaveText(pid ?? "");
  await expect(drawer.getByTestId("drawer-pid")).not.toHaveText("–");

  // Escape closes it and the URL forgets it.
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(page).not.toHaveURL(/agent=/);
});

test("the agents table opens an agent too, and Enter on a tree item does", async ({ page, api }) => {
  const id = await api.activeCluster("e2e-research-v1", "Drawer Table");
  await page.goto(`/clusters/${id}`);
  await page.getByTestId("agent-row").filter({ hasText: "editor-1" }).getByRole("button", { name: "Editor 1" }).click();
  const drawer = page.getByRole("dialog", { name: "Editor 1" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByText("editor", { exact: true })).toBeVisible();
  await drawer.getByRole("button", { name: "Close" }).click();
  await expect(drawer).toBeHidden();

  const root = page.getByTestId("hierarchy-tree").locator('[role="treeitem"][aria-level="1"]');
  await root.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Lab Director" })).toBeVisible();
});

test("a viewer reads an agent's output but gets no restart or remove", async ({ page, api }) => {
  const id = await api.activeCluster("e2e-research-v1", "Drawer Viewer");
  const viewer = await api.addUser("VIEWER");
  const agents = (await (await page.request.get(`/api/clusters/${id}/agents`)).json()) as Array<{
    id: string;
    key: string;
  }>;
  const analyst = agents.find((agent) => agent.key === "analyst-1")!;
  await page.context().clearCookies();
  await page.goto(`/clusters/${id}?agent=${analyst.id}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  const drawer = page.getByRole("dialog", { name: "Analyst 1" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole("log", { name: "Output of Analyst 1" })).toContainText("ready, pid");
  await expect(drawer.getByRole("button", { name: "Restart" })).toHaveCount(0);
  await expect(drawer.getByRole("button", { name: "Remove" })).toHaveCount(0);
});
