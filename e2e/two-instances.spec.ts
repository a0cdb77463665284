import { expect, test } from "@playwright/test";
import { testEvent } from "../lib/webhooks/testing";
import { SESSION_COOKIE, signInAsDemo } from "./support/auth";
import { rows, waitForRows } from "./support/dashboard";
import {
  deliverWebhook,
  type Health,
  health,
  type Instance,
  logTail,
  PAIR_MAX_RPS,
  postgresUnavailableReason,
  setEmbeddedStatus,
  startTwoInstances,
  type TwoInstances,
} from "./support/two-instances";

/**
 * Two `next start` processes of the same build on one PostgreSQL app database: a session signed
 * out on one is refused by the other, only one of them syncs, and the other takes over when it dies.
 */

const unavailable = postgresUnavailableReason();
if (unavailable && process.env.CI)
  throw new Error(`two-instances: ${unavailable} (CI is set, so it may not be skipped)`);
if (unavailable) console.log(`two-instances: skipped: ${unavailable}`);
// The one allowed skip: on a developer's machine without Debian's postgresql package this test
// cannot run (two instances need a shared PostgreSQL). With CI set it throws above instead, and
// .ci/run installs the package, so CI always runs it.
// biome-ignore lint/suspicious/noSkippedTests: the one allowed skip, outside CI only, with its reason printed (above).
test.skip(unavailable !== undefined, unavailable);

const WINDOW_MS = 10_000;
/** Shorter: a rate to compare with, not the proof of a single sync. */
const ALONE_WINDOW_MS = 6_000;
const TAKEOVER_LIMIT_MS = 30_000;

let pair: TwoInstances | undefined;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const started = Date.now();
  pair = await startTwoInstances();
  console.log(`two-instances: PostgreSQL and both instances up in ${Date.now() - started} ms`);
});

test.afterAll(async () => {
  await pair?.stop();
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (!pair || testInfo.status === testInfo.expectedStatus) return;
  for (const instance of [pair.a, pair.b]) {
    await testInfo.attach(`instance-${instance.name}.log`, { body: logTail(instance, 200), contentType: "text/plain" });
  }
});

const sent = (report: Health) => report.upstream.requests_sent;

async function healthOfBoth(a: Instance, b: Instance): Promise<[Health, Health]> {
  return Promise.all([health(a), health(b)]);
}

test("two instances share sessions and sign-outs, sync once between them, and the survivor takes over", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  if (!pair) throw new Error("the instances did not start");
  const { a, b } = pair;
  const leaseHolderPid = pair.leaseHolderPid;

  // The upstream is watched while both instances serve the browser: the list pages read the
  // mirror only, so whichever instance does not sync sends nothing at all.
  const holderBefore = await leaseHolderPid();
  const [a0, b0] = await healthOfBoth(a, b);
  const windowStarted = Date.now();

  await test.step("a session made on A is accepted by B", async () => {
    const contextA = await browser.newContext({ baseURL: a.baseURL });
    const pageA = await contextA.newPage();
    await pageA.goto("/signin");
    await signInAsDemo(pageA);
    await expect(pageA).toHaveURL(`${a.baseURL}/migrations`);
    const cookie = (await contextA.cookies(a.baseURL)).find((c) => c.name === SESSION_COOKIE);
    expect(cookie, "A set a session cookie").toBeDefined();
    if (!cookie) return;
    // Cookies are per host, not per port: the browser would send A's cookie to B by itself.
    expect((await contextA.cookies(b.baseURL)).map((c) => c.name)).toContain(SESSION_COOKIE);

    // A separate context on B, holding only a copy of that cookie.
    const contextB = await browser.newContext({ baseURL: b.baseURL });
    await contextB.addCookies([cookie]);
    const pageB = await contextB.newPage();
    await pageB.goto("/migrations");
    await expect(pageB).toHaveURL(`${b.baseURL}/migrations`);
    await expect(pageB.getByTestId("signed-in-user")).toHaveText("Demo User (demo@example.com)");
    await waitForRows(pageB);
    expect(await rows(pageB).count()).toBeGreaterThan(0);
    const listOnB = await contextB.request.get("/api/migrations");
    expect(listOnB.status()).toBe(200);
    expect(((await listOnB.json()) as { total: number }).total).toBeGreaterThan(0);

    await test.step("signed out on A, the same token is refused by B", async () => {
      await pageA.getByRole("button", { name: "Sign out" }).click();
      await expect(pageA).toHaveURL(`${a.baseURL}/signin`);

      const stillHeld = (await contextB.cookies(b.baseURL)).find((c) => c.name === SESSION_COOKIE);
      expect(stillHeld?.value, "B's context still sends the very same token").toBe(cookie.value);
      const apiOnB = await contextB.request.get("/api/migrations");
      expect(apiOnB.status()).toBe(401);
      await pageB.goto("/migrations");
      await expect(pageB).toHaveURL(`${b.baseURL}/signin?callbackUrl=%2Fmigrations`);
      await expect(pageB.getByTestId("signed-in-user")).toHaveCount(0);
    });
    await contextA.close();
    await contextB.close();
  });

  await test.step("a change synced by one instance is pushed to a browser connected to the other", async () => {
    const holder = await leaseHolderPid();
    const reader = holder === a.pid ? b : a;
    const context = await browser.newContext({ baseURL: reader.baseURL });
    const page = await context.newPage();
    await page.goto("/signin");
    await signInAsDemo(page);
    // Frozen timers: the list's own polling never fires, so a repaint can only be pushed.
    await page.clock.install();
    await page.goto("/migrations");
    await waitForRows(page);
    await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-streaming", "true");
    const first = rows(page).first();
    const id = (await first.getAttribute("data-id")) as string;
    const before = (await first.getByTestId("status-badge").getAttribute("data-status")) as string;
    const after = before === "FAILED" ? "COMPLETE" : "FAILED";
    const changedAt = Date.now();
    setEmbeddedStatus(id, after);
    await expect(first.getByTestId("status-badge")).toHaveAttribute("data-status", after, { timeout: 15_000 });
    const repaintMs = Date.now() - changedAt;
    console.log(`two-instances: a change synced by pid ${holder} repainted on pid ${reader.pid} after ${repaintMs} ms`);
    test.info().annotations.push({ type: "two-instances push", description: `${repaintMs} ms` });
    await context.close();
  });

  await test.step("a webhook received by one instance reaches a browser connected to the other", async () => {
    const context = await browser.newContext({ baseURL: b.baseURL });
    const page = await context.newPage();
    await page.goto("/signin");
    await signInAsDemo(page);
    await page.goto("/migrations");
    await waitForRows(page);
    await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-streaming", "true");
    const row = rows(page).nth(1);
    const id = (await row.getAttribute("data-id")) as string;
    // The reason exists only in the event: the sync (whichever instance runs it) can never bring it.
    const reason = `Mailbox quota exceeded on the target (two-instances ${Date.now()})`;
    // The provider's own state first, so that the sync agrees with the event rather than undoing it.
    setEmbeddedStatus(id, "FAILED");
    const sentAt = Date.now();
    expect(await deliverWebhook(a, testEvent("migration.failed", id, { errorMessage: reason }))).toBe(202);
    await expect(row.getByTestId("status-badge")).toHaveAttribute("data-status", "FAILED", { timeout: 15_000 });
    await expect(row.locator("[data-reason]")).toHaveAttribute("data-reason", reason, { timeout: 15_000 });
    const repaintMs = Date.now() - sentAt;
    console.log(
      `two-instances: a webhook received by A (pid ${a.pid}) repainted on B (pid ${b.pid}) after ${repaintMs} ms`,
    );
    test.info().annotations.push({ type: "two-instances webhook push", description: `${repaintMs} ms` });
    await context.close();
  });

  let leader: Instance = a;
  let follower: Instance = b;
  let pairSum = 0;
  let pairWindowMs = WINDOW_MS;

  await test.step(`over at least ${WINDOW_MS / 1000} s, only one instance sends upstream requests, and it holds the lease`, async () => {
    const left = WINDOW_MS - (Date.now() - windowStarted);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    const [a1, b1] = await healthOfBoth(a, b);
    const elapsedMs = Date.now() - windowStarted;
    const holderAfter = await leaseHolderPid();
    const grewA = sent(a1) - sent(a0);
    const grewB = sent(b1) - sent(b0);
    console.log(
      `two-instances: over ${elapsedMs} ms, upstream requests from A (pid ${a.pid}) +${grewA}, from B (pid ${b.pid}) +${grewB}, sum ${grewA + grewB}; lease holder pid ${holderBefore} → ${holderAfter}`,
    );
    test.info().annotations.push({
      type: "two-instances window",
      description: `${elapsedMs} ms: A +${grewA}, B +${grewB}, sum ${grewA + grewB}, holder pid ${holderAfter}`,
    });
    expect([grewA > 0, grewB > 0].filter(Boolean), "exactly one instance sends upstream requests").toHaveLength(1);
    [leader, follower] = grewA > 0 ? [a, b] : [b, a];
    expect(holderBefore, "the lease holder is the instance that sends").toBe(leader.pid);
    expect(holderAfter).toBe(leader.pid);
    expect(a1.sync.leader_active && b1.sync.leader_active).toBe(true);
    // Head reads every second and running re-checks every 2 s keep one instance at its own budget:
    // two syncing instances (a budget each) would send up to twice that.
    pairSum = grewA + grewB;
    pairWindowMs = elapsedMs;
    expect(pairSum).toBeGreaterThanOrEqual(Math.floor(elapsedMs / 1000) - 2);
    expect(pairSum).toBeLessThanOrEqual(PAIR_MAX_RPS * (elapsedMs / 1000 + 1));
  });

  await test.step(`killed, the syncing instance is replaced by the other within ${TAKEOVER_LIMIT_MS / 1000} s`, async () => {
    const before = sent(await health(follower));
    const killedAt = Date.now();
    // A crash, not a shutdown: no lease handed over, the other instance must wait for it to expire.
    await leader.stop("SIGKILL");
    let takeoverMs = 0;
    await expect
      .poll(
        async () => {
          const report = await health(follower);
          const holder = await leaseHolderPid();
          const syncedAt = report.sync.synced_at ? Date.parse(report.sync.synced_at) : 0;
          const tookOver =
            sent(report) > before && holder === follower.pid && report.sync.leader_active && syncedAt > killedAt;
          if (tookOver && takeoverMs === 0) takeoverMs = Date.now() - killedAt;
          return tookOver;
        },
        { timeout: TAKEOVER_LIMIT_MS, intervals: [250] },
      )
      .toBe(true);
    console.log(
      `two-instances: instance ${follower.name} (pid ${follower.pid}) took over ${takeoverMs} ms after the kill`,
    );
    test.info().annotations.push({ type: "two-instances takeover", description: `${takeoverMs} ms` });
    expect(takeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
  });

  await test.step("the survivor alone sends about what both did together", async () => {
    const before = sent(await health(follower));
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, ALONE_WINDOW_MS));
    const alone = sent(await health(follower)) - before;
    const elapsedMs = Date.now() - started;
    const pairRate = pairSum / (pairWindowMs / 1000);
    const aloneRate = alone / (elapsedMs / 1000);
    console.log(
      `two-instances: alone, instance ${follower.name} sent ${alone} in ${elapsedMs} ms (${aloneRate.toFixed(1)}/s); both together sent ${pairRate.toFixed(1)}/s`,
    );
    test.info().annotations.push({
      type: "two-instances rates",
      description: `both ${pairRate.toFixed(1)}/s, survivor alone ${aloneRate.toFixed(1)}/s`,
    });
    expect(pairRate).toBeLessThanOrEqual(aloneRate * 1.5 + 1);
  });
});
