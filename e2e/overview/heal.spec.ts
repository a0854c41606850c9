import { ADMIN, expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test("the heal button previews what it would do, heals, and the run appears in the healing history", async ({
  page,
  api,
  capture,
}) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);
  await api.deleteAllClusters();
  await api.activeCluster("e2e-research-v1", "Research Alpha");

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("cluster-card").filter({ hasText: "Research Alpha" })).toContainText("6/6");
  for (const meter of ["cpu", "memory", "disk"])
    await expect(page.getByTestId(`meter-${meter}`)).toHaveAttribute("data-level", /ok|warning|critical/);
  await expect(page.getByTestId("service-redis")).toHaveAttribute("data-status", "up");
  await expect(page.getByTestId("service-postgresql")).toHaveAttribute("data-status", "up");
  const before = await page
    .getByTestId("recent-healing")
    .getByTestId("healing-entry")
    .filter({ hasText: "Heal run" })
    .count()
    .catch(() => 0);

  await page.getByRole("button", { name: "Heal" }).click();
  const dialog = page.getByRole("dialog", { name: "Heal now" });
  await expect(dialog.getByTestId("heal-report")).toHaveAttribute("data-phase", "preview");
  await capture("heal-preview");
  await dialog.getByRole("button", { name: "Heal now" }).click();

  const done = page.getByRole("dialog", { name: "Healing done" });
  await expect(done.getByTestId("heal-report")).toHaveAttribute("data-phase", "done");
  await done.getByRole("button", { name: "Done" }).click();

  // The run arrives on the overview live, and is on record in the history.
  await expect(
    page.getByTestId("recent-healing").getByTestId("healing-entry").filter({ hasText: "Heal run" }),
  ).toHaveCount(before + 1);
  await capture("overview");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Healing" }).click();
  const entry = page.getByTestId("healing-entry").first();
  await expect(entry).toHaveAttribute("data-kind", "manual_heal");
  // On record with who pressed the button.
  await expect(entry).toContainText(`by ${ADMIN.email}`);
  await page.getByLabel("Who acted").selectOption("auto");
  await expect(page.getByTestId("healing-entry").filter({ hasText: "Heal run" })).toHaveCount(0);
  await page.getByLabel("Who acted").selectOption("person");
  await expect(page.getByTestId("healing-entry").first()).toHaveAttribute("data-kind", "manual_heal");
  await expect(page).toHaveURL(/actor=person/);
  await page.getByLabel("Who acted").selectOption("");
  await capture("healing");
});
