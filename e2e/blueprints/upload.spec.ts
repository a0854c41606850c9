import { blueprintWithUnknownManager, expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test.describe("uploading a blueprint", () => {
  test("a valid blueprint pasted into the form is stored and shown", async ({ page, capture }) => {
    await page.goto("/blueprints/new");
    await page.getByRole("textbox", { name: "Blueprint YAML" }).fill(RESEARCH_BLUEPRINT);
    await expect(page.getByTestId("validation-status")).toHaveText("Valid blueprint");

    await page.getByRole("button", { name: "Upload", exact: true }).click();

    await expect(page).toHaveURL(/\/blueprints\/e2e-research-v1\?version=1\.0\.0/);
    await expect(page.getByRole("heading", { level: 1, name: "Research Lab" })).toBeVisible();
    const roles = page.getByTestId("role-tree");
    for (const role of ["Lab Director", "Data Lead", "Writing Lead", "Analyst", "Editor"]) {
      await expect(roles.getByText(role, { exact: true })).toBeVisible();
    }
    await capture("blueprint");

    await page.getByRole("link", { name: "Blueprints" }).first().click();
    await expect(page.getByTestId("blueprint-row").filter({ hasText: "e2e-research-v1" })).toBeVisible();
    await capture("blueprints");
  });

  test("a bad blueprint shows the problem at its line and nothing is stored", async ({ page, api, capture }) => {
    const bad = blueprintWithUnknownManager();
    const before = await api.blueprintIds();

    await page.goto("/blueprints/new");
    await page.getByRole("textbox", { name: "Blueprint YAML" }).fill(bad.yaml);

    // The live check marks the line while typing, before any upload.
    const marked = page.getByTestId(`issue-line-${bad.line}`);
    await expect(marked).toBeVisible();
    await expect(marked).toContainText(`line ${bad.line}`);
    await expect(marked).toContainText('unknown role "leed"');
    await expect(marked).toContainText("reports_to: leed");
    await expect(page.getByTestId("validation-status")).toHaveText("1 problem");

    // Uploading anyway is refused by the server, and its answer points at the same line.
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(page.getByText("The blueprint was not stored.")).toBeVisible();
    await expect(page.getByTestId(`issue-line-${bad.line}`)).toContainText(`line ${bad.line}`);
    await expect(page).toHaveURL(/\/blueprints\/new$/);
    await capture("blueprint-upload");

    expect(await api.blueprintIds()).toEqual(before);
    await page.goto("/blueprints");
    await expect(page.getByTestId("blueprint-row")).toHaveCount(before.length);
    await expect(page.getByTestId("blueprint-row").filter({ hasText: bad.id })).toHaveCount(0);
  });
});
