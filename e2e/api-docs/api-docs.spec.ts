import { expect, test } from "../fixtures";

const ENDPOINTS = [
  ["GET", "/api/blueprints"],
  ["POST", "/api/blueprints"],
  ["GET", "/api/blueprints/{id}"],
  ["POST", "/api/blueprints/validate"],
  ["GET", "/api/clusters"],
  ["POST", "/api/clusters"],
  ["GET", "/api/clusters/{id}"],
  ["PUT", "/api/clusters/{id}"],
  ["DELETE", "/api/clusters/{id}"],
  ["POST", "/api/clusters/{id}/scale"],
  ["POST", "/api/clusters/{id}/hibernate"],
  ["POST", "/api/clusters/{id}/reactivate"],
  ["GET", "/api/clusters/{id}/agents"],
  ["POST", "/api/clusters/{id}/agents"],
  ["GET", "/api/clusters/{id}/hierarchy"],
  ["GET", "/api/clusters/{id}/metrics"],
] as const;

test("the API reference lists the REST endpoints with their fields", async ({ page, capture }) => {
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();

  // The endpoints of cluster-system.md; the reference may list more as the API grows.
  const operations = page.getByTestId("api-operation");
  await expect(operations.first()).toBeVisible();
  const operation = (method: string, path: string) =>
    operations
      .filter({ has: page.getByText(method, { exact: true }) })
      .filter({ has: page.getByText(path, { exact: true }) });
  for (const [method, path] of ENDPOINTS) {
    await expect(operation(method, path), `${method} ${path}`).toHaveCount(1);
  }

  const create = operation("POST", "/api/clusters");
  await create.locator("summary").click();
  const body = create.getByRole("table", { name: "Request body · application/json" });
  await expect(body).toBeVisible();
  for (const field of ["blueprintId", "blueprintVersion", "name", "type", "targetWorkers"]) {
    await expect(body.getByText(field, { exact: true })).toBeVisible();
  }
  await expect(
    create.getByRole("table", { name: "Response 201" }).getByText("allowedActions", { exact: true }),
  ).toBeVisible();

  await expect(
    page.getByText("curl --data-binary @blueprints/marketing.yaml -H 'Content-Type: application/yaml'"),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Blueprint JSON Schema" })).toHaveAttribute(
    "href",
    "/schemas/blueprint.json",
  );
  await capture("api-docs");
});

test("the API reference lists the live events' messages and links their AsyncAPI document", async ({ page }) => {
  await page.goto("/api-docs");
  const live = page.getByRole("region", { name: "Live events (Socket.IO)" });
  const messages = live.getByRole("list", { name: "Messages" });
  for (const name of ["watch", "unwatch", "event", "resync"])
    await expect(messages.getByText(name, { exact: true })).toBeVisible();
  await expect(live.getByRole("link", { name: "asyncapi.json" })).toHaveAttribute("href", "/api/asyncapi.json");
});
