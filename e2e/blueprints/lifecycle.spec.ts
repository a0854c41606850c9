import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

const ID = "e2e-retired-v1";
const YAML = RESEARCH_BLUEPRINT.replace("id: e2e-research-v1", `id: ${ID}`).replace(
  "name: Research Lab",
  "name: Retired Lab",
);

test.describe("putting a blueprint away", () => {
  test("an admin archives it (hidden from the list and the create form), unarchives it, and deletes it", async ({
    page,
    api,
  }) => {
    await api.uploadBlueprint(YAML);
    await page.goto(`/blueprints/${ID}`);
    await page.getByRole("button", { name: "Archive", exact: true }).click();
    await expect(page.getByText("archived: starts no new clusters")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create cluster" })).toHaveCount(0);

    await page.goto("/blueprints");
    const row = page.getByTestId("blueprint-row").filter({ hasText: ID });
    await expect(row).toHaveCount(0);
    await page.getByLabel("Show archived").check();
    await expect(row).toContainText("archived");

    // The create form on the clusters page does not offer it.
    await page.goto("/clusters");
    await page.getByRole("button", { name: "New cluster" }).first().click();
    const options = page.getByLabel("Blueprint", { exact: true }).locator("option");
    await expect(options.first()).toBeAttached();
    await expect(options.filter({ hasText: ID })).toHaveCount(0);

    await page.goto(`/blueprints/${ID}`);
    await page.getByRole("button", { name: "Unarchive", exact: true }).click();
    await expect(page.getByRole("button", { name: "Create cluster" })).toBeVisible();

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete blueprint" }).click();
    await expect(page).toHaveURL(/\/blueprints$/);
    expect(await api.blueprintIds()).not.toContain(ID);
  });

  test("deleting a blueprint a cluster uses is refused, naming the cluster", async ({ page, api }) => {
    const id = "e2e-in-use-v1";
    await api.uploadBlueprint(RESEARCH_BLUEPRINT.replace("id: e2e-research-v1", `id: ${id}`));
    const clusterId = await api.createCluster(id, "still-running");
    await page.goto(`/blueprints/${id}`);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete blueprint" }).click();
    await expect(page.getByRole("dialog")).toContainText("still-running");
    expect(await api.blueprintIds()).toContain(id);
    await page.request.delete(`/api/clusters/${clusterId}`);
  });
});
