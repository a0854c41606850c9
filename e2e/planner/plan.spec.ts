import { readFileSync } from "node:fs";
import { expect, test } from "../fixtures";

test.describe("planning a cluster", () => {
  test("a goal becomes a proposal that is reviewed, edited and created", async ({ page, api, capture }) => {
    const before = await api.blueprintIds();
    await page.goto("/clusters");
    await page.getByRole("link", { name: "Plan a cluster" }).click();
    await expect(page).toHaveURL(/\/clusters\/plan$/);

    await page
      .getByRole("textbox", { name: "Goal" })
      .fill("A procurement team that compares supplier offers and drafts orders, up to 10 workers");
    await page.getByRole("button", { name: "Propose" }).click();

    // No model is configured for these tests: the closest template is adapted, and it says so.
    const explanation = page.getByTestId("plan-explanation");
    await expect(explanation).toContainText("No planner model is configured");
    await expect(explanation).toContainText('"Einkauf" (einkauf-v1)');
    await expect(page.getByTestId("plan-manifest")).toContainText("## Hierarchy");
    await expect(page.getByTestId("plan-manifest")).toContainText("Einkaufsleitung (einkaufsleitung, supervisor) ×1");
    // Proposing stored nothing.
    expect(await api.blueprintIds()).toEqual(before);

    // Edit the proposal: one more buyer's desk at least, a name of our own.
    const editor = page.getByRole("textbox", { name: "Blueprint YAML" });
    const yaml = await editor.inputValue();
    expect(yaml).toContain("count: 1-4");
    await editor.fill(yaml.replace("count: 1-4", "count: 2-4"));
    await expect(page.getByTestId("validation-status")).toHaveText("Valid blueprint");
    await capture("plan-cluster");

    await page.getByRole("textbox", { name: "Cluster name" }).fill("Planned procurement");
    await page.getByRole("button", { name: "Create cluster" }).click();

    await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Planned procurement" })).toBeVisible();
    const ids = await api.blueprintIds();
    const planned = ids.filter((id) => !before.includes(id));
    expect(planned).toEqual(["procurement-team-compare-supplier"]);
    // The edit is in the stored blueprint: two buyers' desks at least.
    const stored = await page.request.get("/api/blueprints/procurement-team-compare-supplier");
    const detail = (await stored.json()) as { definition: { agents: Array<{ role: string; count: unknown }> } };
    expect(detail.definition.agents.find((agent) => agent.role === "bestellabwicklung")?.count).toBe("2-4");

    // The cluster explains itself: its manifest downloads from its page, front matter first.
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Manifest" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("planned-procurement-manifest.md");
    const text = readFileSync((await download.path())!, "utf8");
    expect(text.startsWith("---\n")).toBe(true);
    expect(text).toContain("# Planned procurement");
    expect(text).toContain("count: 2-4");
  });
});
