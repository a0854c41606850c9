import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { ADMIN, expect, test } from "../fixtures";

/** Serious or critical WCAG 2.2 A/AA violations in both themes (the page-wide check is in access/axe.spec.ts). */
async function axeViolations(page: Page) {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
    for (const v of results.violations)
      if (v.impact === "serious" || v.impact === "critical")
        found.push(`${colorScheme}: ${v.id} ${v.nodes[0]?.target}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

/** A payments role whose tasks wait for a person before any agent gets them. */
const APPROVAL_BLUEPRINT = `metadata: { id: e2e-approvals-v1, name: Payments, version: 1.0.0 }
cluster: { type: project, min_workers: 2, max_workers: 4 }
agents:
  - role: supervisor
    name: Treasurer
  - role: payer
    name: Payer
    reports_to: supervisor
    approval: { required: true, timeout_seconds: 3600 }
`;

test.beforeEach(async ({ api }) => {
  await api.uploadBlueprint(APPROVAL_BLUEPRINT);
  await api.deleteAllClusters();
});

test("an operator approves a waiting task from the Approvals page and sees it succeed", async ({ page, api }) => {
  const name = `Payments ${Date.now()}`;
  const clusterId = await api.activeCluster("e2e-approvals-v1", name);
  const submitted = await page.request.post(`/api/clusters/${clusterId}/tasks`, {
    data: { role: "payer", payload: { prompt: "pay invoice 42", amountEur: 420 } },
  });
  expect(submitted.ok(), await submitted.text()).toBe(true);
  const task = (await submitted.json()) as { id: string; status: string };
  expect(task.status).toBe("AWAITING_APPROVAL");

  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Approvals" }).click();
  await expect(page.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
  const card = page.getByRole("article", { name: `Task ${task.id.slice(0, 8)} for payer` });
  await expect(card).toContainText(name);
  await expect(card).toContainText('"amountEur": 420');
  await expect(card).toContainText("operators may decide");

  expect(await axeViolations(page)).toEqual([]);

  await card.getByLabel("Comment").fill("within budget");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByText("Nothing waits for approval")).toBeVisible();

  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByText("Succeeded").first()).toBeVisible();
  await expect(page.getByTestId("approval-decision")).toContainText(`Approved by ${ADMIN.email}`);
  await expect(page.getByText("within budget")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});
