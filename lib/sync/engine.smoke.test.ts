import { afterEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { updateMigrationStatus } from "@/lib/embedded-api/migrations-store";
import { expectedOrder, insertRows, makeOrg, memoryDatabase } from "@/lib/embedded-api/testing";
import { countMirroredByStatus, listMirroredMigrations, statusHistory } from "@/lib/mirror/queries";
import { embeddedClient, manualClock, stepUntilWalked, testAppDatabase, testEngine } from "./testing";

let app: AppDatabase | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("sync engine (smoke)", () => {
  it("backfills, then picks up new rows and status changes", async () => {
    const upstream = memoryDatabase();
    const { org, key } = makeOrg(upstream, "alpha");
    const rows = insertRows(
      upstream,
      org,
      Array.from({ length: 250 }, (_, i) => ({ status: i % 10 === 0 ? "WORKING" : "COMPLETE" })),
    );
    app = await testAppDatabase();
    const clock = manualClock();
    const { client, requests } = embeddedClient(upstream, key);
    const engine = testEngine({ db: app, client, now: clock.now });
    await engine.load();
    await stepUntilWalked(engine, clock);
    const page = await listMirroredMigrations(app.db, { page: 1, pageSize: 100, sort: "-created" }, 250);
    expect(page.map((m) => m.id)).toEqual(
      expectedOrder(rows)
        .slice(0, 100)
        .map((r) => r.id),
    );
    expect(await countMirroredByStatus(app.db, {})).toEqual({ WORKING: 25, COMPLETE: 225 });
    console.log("requests for backfill", requests.length);

    const old = expectedOrder(rows)[240];
    updateMigrationStatus(upstream, old?.id as string, "COMPLETE", Date.now() * 1000);
    insertRows(upstream, org, [{ createdUs: Date.now() * 1000, status: "NOT_STARTED" }]);
    requests.length = 0;
    for (let i = 0; i < 30; i++) {
      clock.advance(1_000);
      await engine.step();
    }
    console.log("requests in 30 s", requests.length, requests.slice(0, 10));
    expect(await countMirroredByStatus(app.db, {})).toMatchObject({ NOT_STARTED: 1 });
    const history = await statusHistory(app.db, old?.id as string);
    expect(history.map((h) => h.to)).toEqual(["WORKING", "COMPLETE"]);
  });
});
