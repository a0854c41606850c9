import { expect, test } from "../fixtures";

test("the nodes page lists the server's node with its load, and cordons and uncordons it", async ({
  page,
  capture,
}) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Nodes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nodes" })).toBeVisible();
  const row = page.locator("[data-node]").first();
  const state = row.locator("[data-state]");
  await expect(state).toHaveAttribute("data-state", "ready");
  await expect(row).toContainText("%");
  await capture("nodes");

  await row.getByRole("button", { name: "Cordon" }).click();
  await expect(state).toHaveAttribute("data-state", "cordoned");
  await row.getByRole("button", { name: "Uncordon" }).click();
  await expect(state).toHaveAttribute("data-state", "ready");

  await page.getByRole("button", { name: "Rebalance" }).click();
  await expect(page.getByText("The nodes are even.")).toBeVisible();
});
