import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test.describe("cluster lifecycle", () => {
  test.beforeEach(async ({ api }) => {
    await api.uploadBlueprint(RESEARCH_BLUEPRINT);
    await api.deleteAllClusters();
  });

  test("create from the list, hibernate, reactivate and delete with confirmation", async ({ page, capture }) => {
    await page.goto("/clusters");
    await expect(page.getByText("No clusters yet")).toBeVisible();
    await capture("clusters-empty");

    await page.getByRole("button", { name: "New cluster" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New cluster" });
    await dialog.getByLabel("Blueprint").selectOption("e2e-research-v1");
    await dialog.getByLabel("Name").fill("Lifecycle Demo");
    await dialog.getByRole("button", { name: "Create cluster" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Lifecycle Demo" })).toBeVisible();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clusters" }).click();
    const row = page.getByTestId("cluster-row").filter({ hasText: "Lifecycle Demo" });
    await expect(row).toBeVisible();
    await expect(row.getByTestId("cluster-status")).toHaveText("Active");
    await expect(page.getByText("No clusters yet")).toHaveCount(0);
    await capture("clusters");

    await row.getByRole("link", { name: "Lifecycle Demo" }).click();
    const status = page.getByTestId("cluster-status");
    await expect(status).toHaveText("Active");
    await expect(page.getByRole("button", { name: "Reactivate" })).toBeDisabled();

    await page.getByRole("button", { name: "Hibernate" }).click();
    await expect(status).toHaveText("Hibernated");
    await expect(page.getByRole("button", { name: "Hibernate" })).toBeDisabled();

    await page.getByRole("button", { name: "Reactivate" }).click();
    await expect(status).toHaveText("Active");

    // Delete asks first; cancelling changes nothing.
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Delete Lifecycle Demo?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(status).toHaveText("Active");

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await confirm.getByRole("button", { name: "Delete cluster" }).click();
    await expect(status).toHaveText("Destroyed");
    await expect(page.getByText("This cluster was deleted")).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete", exact: true })).toBeDisabled();
  });
});
