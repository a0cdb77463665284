import { afterEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { insertRows, makeOrg, memoryDatabase } from "@/lib/embedded-api/testing";
import { createUpstreamClient } from "@/lib/upstream/client";
import { EMBEDDED_BASE_URL } from "@/lib/upstream/config";
import { createEmbeddedFetch } from "@/lib/upstream/embedded-fetch";
import { leaseHolder } from "./lease";
import { testAppDatabase, testEngine } from "./testing";

let app: AppDatabase | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("sync lease", () => {
  it("stays with the syncing instance through steps longer than the lease", async () => {
    const upstream = memoryDatabase();
    const { org, key } = makeOrg(upstream, "alpha");
    insertRows(
      upstream,
      org,
      Array.from({ length: 1_000 }, () => ({ status: "COMPLETE" })),
    );
    app = await testAppDatabase();
    // Every request takes 150 ms: a step (head, then four walk pages) takes well over the 300 ms lease.
    const inner = createEmbeddedFetch({ db: upstream, strict: true });
    const slow = (async (input: RequestInfo | URL, init?: RequestInit) => {
      await sleep(150);
      return inner(input, init);
    }) as typeof fetch;
    const client = createUpstreamClient({ baseUrl: EMBEDDED_BASE_URL, apiKey: key, fetch: slow, backoffBaseMs: 0 });
    const settings = { leaseMs: 300 };
    const leader = testEngine({ db: app, client, now: Date.now, settings, instanceId: "leader" });
    const other = testEngine({ db: app, client, now: Date.now, settings, instanceId: "other" });

    const controller = new AbortController();
    const running = leader.run(controller.signal);
    try {
      await sleep(100);
      expect((await leaseHolder(app.db, "sync", Date.now()))?.holder).toBe("leader");
      // For 2 s (several long steps), the other instance never gets the lease.
      const until = Date.now() + 2_000;
      while (Date.now() < until) {
        expect(await other.holdLease()).toBe(false);
        await sleep(50);
      }
      expect(leader.leader).toBe(true);
    } finally {
      controller.abort();
      await running;
    }
    // Stopped, the leader hands the lease over at once.
    expect(await other.holdLease()).toBe(true);
  });
});
