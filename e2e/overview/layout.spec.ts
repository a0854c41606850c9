import { expect, fullPageScreenshot, RESEARCH_BLUEPRINT, test } from "../fixtures";

/** How far the page's content moved while it loaded (Chromium's layout-shift score; under 0.1 reads as stable). */
async function layoutShift(page: import("@playwright/test").Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>)
            if (!entry.hadRecentInput) total += entry.value;
        }).observe({ type: "layout-shift", buffered: true });
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
      }),
  );
}

test.beforeEach(async ({ api }) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);
  await api.deleteAllClusters();
});

test("pages do not jump as their data arrives", async ({ page, api }) => {
  const id = await api.activeCluster("e2e-research-v1", "Steady");
  for (const [path, ready] of [
    ["/", page.getByTestId("cluster-card")],
    [`/clusters/${id}`, page.getByTestId("agent-row").first()],
    ["/healing", page.getByRole("heading", { level: 1, name: "Healing history" })],
    ["/tasks", page.getByRole("heading", { level: 1, name: "Tasks" })],
  ] as const) {
    await page.goto(path);
    await expect(ready).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await layoutShift(page), `layout shift on ${path}`).toBeLessThan(0.1);
  }
});

test("on a phone every page fits the width, and the menu opens from the top bar", async ({ page, api }) => {
  const id = await api.activeCluster("e2e-research-v1", "Pocket");
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/", `/clusters/${id}`, "/tasks", "/healing", "/blueprints"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `sideways scroll on ${path}`).toBeLessThanOrEqual(0);
  }
  await page.goto(`/clusters/${id}`);
  await expect(page.getByTestId("agent-row")).toHaveCount(6);
  await fullPageScreenshot(page, "cluster-phone");
  await page.getByRole("button", { name: "Open menu" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Healing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Healing history" })).toBeVisible();
});
