import { expect } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { waitForRows } from "./support/dashboard";

test("debug page size", async ({ page }) => {
  page.on("request", (r) => { if (r.url().includes("/api/migrations")) console.log("REQ", r.url()); });
  page.on("framenavigated", (f) => console.log("NAV", f.url()));
  page.on("console", (m) => console.log("CONSOLE", m.text()));
  await page.goto("/migrations?page=3");
  await waitForRows(page);
  await page.waitForTimeout(2000);
  console.log("before", page.url());
  await page.getByTestId("page-size").selectOption("100");
  for (let i = 0; i < 6; i++) { await page.waitForTimeout(500); console.log("after", page.url(), await page.getByTestId("showing").textContent()); }
  await page.goto("/migrations?status=COMPLETE&sort=created&page_size=10&page=2");
  console.log("goto", page.url());
  await expect(page).toHaveURL(/x/ , {timeout: 100}).catch(() => {});
});
