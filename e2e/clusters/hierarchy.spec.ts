import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test("a cluster created from an uploaded blueprint shows its hierarchy", async ({ page, api, capture }) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);

  await page.goto("/blueprints/e2e-research-v1");
  await page.getByRole("button", { name: "Create cluster" }).click();
  const dialog = page.getByRole("dialog", { name: "New cluster" });
  await expect(dialog.getByLabel("Blueprint")).toHaveValue("e2e-research-v1");
  await expect(dialog.getByText("between 6 and 8 for this blueprint")).toBeVisible();
  await dialog.getByLabel("Name").fill("Research Alpha");
  await dialog.getByRole("spinbutton", { name: "Target workers" }).fill("7");
  await dialog.getByRole("button", { name: "Create cluster" }).click();

  await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Research Alpha" })).toBeVisible();
  await expect(page.getByTestId("cluster-status")).toHaveText("Active");

  const tree = page.getByTestId("hierarchy-tree");
  await expect(tree).toHaveAttribute("role", "tree");
  await expect(tree.getByRole("treeitem")).toHaveCount(7);

  const root = tree.locator('[role="treeitem"][aria-level="1"]');
  await expect(root).toHaveCount(1);
  await expect(root).toHaveAccessibleName(/Lab Director/);
  await expect(root).toHaveAttribute("data-tier", "supervisor");

  const dataLead = root.getByRole("treeitem", { name: /Data Lead/ });
  const writingLead = root.getByRole("treeitem", { name: /Writing Lead/ });
  await expect(dataLead).toHaveAttribute("aria-level", "2");
  await expect(writingLead).toHaveAttribute("aria-level", "2");
  await expect(dataLead.getByRole("treeitem")).toHaveCount(2);
  await expect(dataLead.getByRole("treeitem", { name: /Analyst 1/ })).toHaveAttribute("aria-level", "3");
  await expect(dataLead.getByRole("treeitem", { name: /Analyst 2/ })).toBeVisible();
  await expect(writingLead.getByRole("treeitem")).toHaveCount(2);
  await expect(writingLead.getByRole("treeitem", { name: /Editor 1/ })).toBeVisible();
  await expect(writingLead.getByRole("treeitem", { name: /Editor 2/ })).toBeVisible();

  // Collapsing a lead hides its workers; the keyboard works the same way.
  await page.getByRole("button", { name: "Collapse Data Lead" }).click();
  await expect(tree.getByRole("treeitem")).toHaveCount(5);
  await dataLead.focus();
  await page.keyboard.press("ArrowRight");
  await expect(tree.getByRole("treeitem")).toHaveCount(7);

  await expect(page.getByTestId("agent-row")).toHaveCount(7);
  await capture("cluster");
  await page.emulateMedia({ colorScheme: "dark" });
  await capture("cluster-dark");
});
