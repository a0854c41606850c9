import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test.describe("backups and cluster history", () => {
  test("an admin backs up from the Backups page and follows it to verified", async ({ page }) => {
    await page.goto("/admin/backups");
    await expect(page.getByRole("heading", { level: 1, name: "Backups" })).toBeVisible();
    await expect(page.getByTestId("backup-settings")).toContainText("WAL archiving");
    await page.getByRole("button", { name: "Back up now" }).click();
    const newest = page.getByTestId("backup-row").first().getByTestId("backup-status");
    await expect(newest).toHaveText("verified", { timeout: 120_000 });
  });

  test("the History panel shows a scale with its change, and rolls it back", async ({ page, api }) => {
    await api.uploadBlueprint(RESEARCH_BLUEPRINT);
    await api.deleteAllClusters();
    const id = await api.activeCluster("e2e-research-v1", "History Demo");
    const scaled = await page.request.post(`/api/clusters/${id}/scale`, { data: { targetWorkers: 7 } });
    expect(scaled.ok(), await scaled.text()).toBe(true);
    await page.goto(`/clusters/${id}`);
    const history = page.getByRole("region", { name: "History", exact: true });
    await expect(history.getByTestId("history-entry").filter({ hasText: "manual scale to 7" })).toContainText(
      "targetWorkers",
    );
    const created = history.getByTestId("history-entry").filter({ hasText: "created from" }).last();
    await expect(page.getByTestId("cluster-status")).toHaveText("Active", { timeout: 30_000 });
    await created.getByRole("button", { name: /Roll back to/ }).click();
    // The rollback's own revision, followed by the steps it takes (each a revision of its own).
    await expect(
      history.getByTestId("history-entry").filter({ hasText: "rollback to revision" }).first(),
    ).toBeVisible();
  });
});
