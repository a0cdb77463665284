import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { readRows, showing, waitForHydration, waitForRows } from "./support/dashboard";
import { E2E } from "./support/servers";

/**
 * The export of a filtered view, downloaded through the page's links, against the BFF's own list of
 * the same view (every page of it): the same ids in the same order, as many as the list's total,
 * and a file name that says the filter and the time.
 */

// The browser's zone is what the file's local times are written in.
test.use({ timezoneId: "Asia/Tokyo", acceptDownloads: true });
// Two full exports and the BFF pages they are checked against, on a machine shared with other runs.
test.describe.configure({ timeout: 90_000 });

interface BffRow {
  id: string;
  status: string;
  companyId: string | null;
  companyName: string | null;
  createdByUserId: string;
  createdByUserName: string | null;
}

interface BffList {
  data: BffRow[];
  total: number;
}

/** Every row of a view, through the BFF's list, page by page. */
async function bffView(request: APIRequestContext, query: string): Promise<{ rows: BffRow[]; total: number }> {
  const rows: BffRow[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const response = await request.get(`/api/migrations?${query}&page_size=100&page=${page}`);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as BffList;
    total = body.total;
    rows.push(...body.data);
    if (body.data.length < 100) return { rows, total };
  }
}

async function bffViewIds(request: APIRequestContext, query: string): Promise<{ ids: string[]; total: number }> {
  const { rows, total } = await bffView(request, query);
  return { ids: rows.map((row) => row.id), total };
}

const EXPORT_HEADER = [
  "id",
  "status_label",
  "status",
  "company_id",
  "company_name",
  "created_by_user_id",
  "created_by_user_name",
  "created_utc",
  "created_local",
  "failure_reason",
];

/** RFC 4180, written apart from the app's encoder. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  return records;
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string; url: string }> {
  const [downloaded] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const stream = await downloaded.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: downloaded.suggestedFilename(), text: Buffer.concat(chunks).toString("utf8"), url: downloaded.url() };
}

async function openView(page: Page, query: string): Promise<void> {
  await page.goto(`/migrations?${query}`);
  await waitForRows(page);
  await waitForHydration(page);
}

test("CSV of a filtered view: the BFF's rows, all pages, in its order; the name says the filter and time", async ({
  page,
}) => {
  await openView(page, "");
  const company = (await readRows(page)).find((row) => row.company)?.company ?? "";
  expect(company).not.toBe("");
  const query = `status=COMPLETE,FAILED,WORKING&company_id=${company}&sort=created`;
  const oracle = await bffViewIds(page.request, query);
  expect(oracle.total).toBeGreaterThan(0);

  await openView(page, `${query}&page_size=10`);
  expect((await showing(page)).total).toBe(oracle.total);
  const before = Date.now();
  const file = await download(page, "export-csv");

  const url = new URL(file.url);
  expect(url.pathname).toBe("/api/migrations/export");
  expect(url.searchParams.get("tz")).toBe(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
  expect(url.searchParams.get("tz")).toMatch(/^Asia\/(Tokyo)$/);
  expect(url.searchParams.has("page_size")).toBe(false);
  expect(file.name).toMatch(
    new RegExp(
      `^migrations_status-COMPLETE\\+FAILED\\+WORKING_company-${company}_oldest-first_\\d{4}-\\d\\d-\\d\\dT\\d{4}Z\\.csv$`,
    ),
  );
  const stamp = /_(\d{4}-\d\d-\d\d)T(\d\d)(\d\d)Z\.csv$/.exec(file.name);
  const stampMs = Date.parse(`${stamp?.[1]}T${stamp?.[2]}:${stamp?.[3]}:00Z`);
  expect(Math.abs(stampMs - before)).toBeLessThan(3 * 60_000);

  expect(file.text.startsWith("\uFEFF")).toBe(true);
  const [header, ...records] = parseCsv(file.text.slice(1));
  expect(header).toEqual(EXPORT_HEADER);
  expect(records.map((record) => record[0])).toEqual(oracle.ids);
  expect(records.length).toBe(oracle.total);
  for (const record of records) {
    expect(record[3]).toBe(company);
    expect(["Complete", "Failed", "Working"]).toContain(record[1]);
    expect(record[7]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(record[8]).toMatch(/ GMT\+09:00$/);
  }
});

test("CSV of a view sorted by company within a created range: the BFF's rows, all pages, in its order, with names", async ({
  page,
}) => {
  // The demo names are written just after the server starts: wait until the BFF carries them.
  await expect
    .poll(async () => (await bffView(page.request, "sort=company")).rows.some((row) => row.companyName !== null), {
      timeout: 30_000,
    })
    .toBe(true);
  // Ten days of the demo's ninety, ending a week ago (UTC days, as the filter reads them).
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const [from, to] = [day(17), day(7)];
  const query = `created_from=${from}&created_to=${to}&sort=company`;
  const oracle = await bffView(page.request, query);
  expect(oracle.total).toBeGreaterThan(0);
  const everything = (await (await page.request.get("/api/migrations?page_size=10")).json()) as BffList;
  expect(oracle.total).toBeLessThan(everything.total);
  expect(oracle.rows.length).toBe(oracle.total);

  await openView(page, `${query}&page_size=10`);
  expect((await showing(page)).total).toBe(oracle.total);
  const file = await download(page, "export-csv");
  const url = new URL(file.url);
  expect(url.searchParams.get("created_from")).toBe(from);
  expect(url.searchParams.get("created_to")).toBe(to);
  expect(url.searchParams.get("sort")).toBe("company");
  expect(file.name).toMatch(
    new RegExp(`^migrations_created-${from}-to-${to}_by-company_\\d{4}-\\d\\d-\\d\\dT\\d{4}Z\\.csv$`),
  );

  const [header, ...records] = parseCsv(file.text.slice(1));
  expect(header).toEqual(EXPORT_HEADER);
  expect(records.map((record) => record[0])).toEqual(oracle.rows.map((row) => row.id));
  // The names as the list shows them (empty where the directory has none), and every row in the range.
  expect(records.map((record) => [record[4], record[6]])).toEqual(
    oracle.rows.map((row) => [row.companyName ?? "", row.createdByUserName ?? ""]),
  );
  expect(records.some((record) => record[4] !== "")).toBe(true);
  for (const record of records) {
    const created = (record[7] ?? "").slice(0, 10);
    expect(created >= from && created <= to, record[7]).toBe(true);
  }
});

test("JSON of a user's view: one array with the same rows as the BFF, local times in the browser's zone", async ({
  page,
}) => {
  await openView(page, "");
  const user = (await readRows(page))[0]?.user ?? "";
  const query = `created_by_user_id=${user}`;
  const oracle = await bffViewIds(page.request, query);

  await openView(page, query);
  const file = await download(page, "export-json");
  expect(file.name).toMatch(new RegExp(`^migrations_user-${user}_\\d{4}-\\d\\d-\\d\\dT\\d{4}Z\\.json$`));
  const records = JSON.parse(file.text) as Array<Record<string, string | null>>;
  expect(records.map((record) => record.id)).toEqual(oracle.ids);
  expect(records.length).toBe(oracle.total);
  const first = records[0] ?? {};
  expect(first.created_by_user_id).toBe(user);
  // The same instant, written twice: UTC, and in Tokyo (+09:00).
  const utcMs = Date.parse(first.created_utc ?? "");
  const local = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) GMT\+09:00$/.exec(first.created_local ?? "");
  expect(local).not.toBeNull();
  expect(Date.parse(`${local?.[1]}T${local?.[2]}+09:00`)).toBe(Math.floor(utcMs));
});

test("the export route checks the session and its parameters like the list", async ({ page, playwright }) => {
  // No cookies: not the signed-in storage state the test runner would otherwise give it.
  const anonymous = await playwright.request.newContext({
    baseURL: E2E.baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const refused = await anonymous.get("/api/migrations/export?format=csv");
  expect(refused.status()).toBe(401);
  expect(await refused.text()).not.toContain("created_utc");
  await anonymous.dispose();

  for (const [query, param] of [
    ["format=xlsx", "format"],
    ["tz=Nowhere/Atlantis", "tz"],
    ["status=lowercase", "status"],
  ] as const) {
    const response = await page.request.get(`/api/migrations/export?${query}`);
    expect(response.status(), query).toBe(400);
    expect(((await response.json()) as { error: { param?: string } }).error.param).toBe(param);
  }

  const response = await page.request.get("/api/migrations/export?format=csv&company_id=no-such-company");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(response.headers()["content-disposition"]).toMatch(
    /^attachment; filename="migrations_company-no-such-company_\d{4}-\d\d-\d\dT\d{4}Z\.csv"$/,
  );
  expect((await response.text()).trim().split("\r\n")).toHaveLength(1);
});
