import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

test.beforeEach(async ({ api }) => {
  await api.uploadBlueprint(RESEARCH_BLUEPRINT);
  await api.deleteAllClusters();
});

test("killing an agent's process shows it failing, restarting and healthy again, without a reload", async ({
  page,
  api,
}) => {
  const id = await api.activeCluster("e2e-research-v1", "Crash Lab");
  await page.goto(`/clusters/${id}`);
  const row = page.getByTestId("agent-row").filter({ hasText: "analyst-1" });
  await expect(row).toHaveAttribute("data-status", "IDLE");
  const pid = Number(await row.getByTestId("agent-pid").textContent());
  expect(pid).toBeGreaterThan(0);

  // Every status the row shows is written down as it is drawn, so a restart quicker than any poll is still seen.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { statuses: string[] }).statuses = seen;
    const record = () => {
      const status = document
        .querySelector('[data-testid="agent-row"][data-agent-key="analyst-1"]')
        ?.getAttribute("data-status");
      if (status && seen.at(-1) !== status) seen.push(status);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ["data-status"],
      childList: true,
    });
  });

  process.kill(pid, "SIGKILL");

  await expect(row).not.toHaveAttribute("data-pid", String(pid));
  await expect(row).toHaveAttribute("data-status", "IDLE");
  await expect(row.getByTestId("agent-pid")).not.toHaveText("–");
  const statuses = await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
  expect(statuses.at(-1)).toBe("IDLE");
  expect(statuses.some((status) => status === "FAILED" || status === "STARTING")).toBe(true);

  // The healing entry appears on the cluster's page, with what was done.
  const healing = page.getByRole("region", { name: "Recent healing" }).getByTestId("healing-entry").first();
  await expect(healing).toHaveAttribute("data-kind", "agent_crashed");
  await expect(healing).toContainText("analyst-1");
});
