import type { WebSocketRoute } from "@playwright/test";
import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test("a lost connection shows a banner, and what happened meanwhile appears once it is back", async ({ page, api }) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);
  await api.deleteAllClusters();
  const id = await api.activeCluster("e2e-research-v1", "Flaky Line");

  // The page's live connection runs through the test, which can cut it and hold it down.
  let down = false;
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) return ws.close();
    sockets.push(ws);
    ws.connectToServer();
  });
  await page.route(/\/socket\.io\//, (route) => (down ? route.abort() : route.continue()));

  await page.goto(`/clusters/${id}`);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("connection-banner")).toHaveCount(0);
  await expect(page.getByTestId("recent-task")).toHaveCount(0);

  down = true;
  for (const ws of sockets) await ws.close();
  await expect(page.getByTestId("connection-banner")).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "reconnecting");

  // A task runs while the page cannot hear about it.
  const submitted = await page.request.post(`/api/clusters/${id}/tasks`, {
    data: { role: "analyst", payload: "sent while offline", waitMs: 10_000 },
  });
  expect(submitted.ok(), await submitted.text()).toBe(true);
  await expect(page.getByTestId("recent-task")).toHaveCount(0);

  down = false;
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("connection-banner")).toHaveCount(0);
  const missed = page.getByTestId("recent-task").filter({ hasText: "sent while offline" });
  await expect(missed.getByTestId("task-status")).toHaveText("Succeeded");
});
