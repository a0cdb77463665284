import { describe, expect, it } from "vitest";
import { fakeClient, migration as upstreamMigration } from "@/lib/bff/testing";
import type { AppDatabase } from "@/lib/db/connection";
import { captureLogPerTest } from "@/lib/logging/testing";
import type { Migration } from "@/lib/migrations/migration";
import { findMirroredMigration, statusHistory } from "@/lib/mirror/queries";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { readThrough } from "@/lib/sync/read-through";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { UpstreamError } from "@/lib/upstream/errors";
import { applyDueWebhookEvents, MAX_ATTEMPTS, retryDelayMs } from "./apply";
import { MAX_WEBHOOK_BODY_BYTES } from "./read-body";
import { INVALID_SIGNATURE, receiveMigrationWebhook, type WebhookReceiving, webhookMethodNotAllowed } from "./receive";
import { deliveryRequest, newSecret, type Signing, signatureHeaders, type TestEvent, testEvent } from "./testing";

/** Read-through remembers 404s process-wide: every test uses migration numbers of its own. */
let nextNumber = 50_000;

const SECRET = newSecret();

/** Top level: one capture for both engines' suites (a second one would take over the first's). */
const logs = captureLogPerTest();

describe.each(TEST_ENGINES)("POST /api/webhooks/migrations (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  /**
   * A receiver on the test database. The upstream behind the read-through holds `upstream`'s
   * migrations (others are 404, `failing` ones fail); the clock is the test's; work scheduled
   * "after" the answer waits in `pending` until `runAfter()`.
   */
  function receiver(options: { secrets?: string[]; upstream?: Migration[]; failing?: Set<string> } = {}) {
    let nowMs = Date.now();
    const upstream = new Map((options.upstream ?? []).map((m) => [m.id, m]));
    const { client, state } = fakeClient(
      async () => ({ migrations: [] }),
      async (id) => {
        if (options.failing?.has(id))
          throw new UpstreamError("unavailable", "The Migrations API answered 503.", { status: 503 });
        const found = upstream.get(id);
        if (!found) throw new UpstreamError("not_found", "No migration has this id.");
        return found;
      },
    );
    const pending: Array<() => Promise<unknown>> = [];
    let secrets = options.secrets ?? [SECRET];
    const applying = () => ({
      db: app().db,
      readThrough: (id: string) => readThrough(app().db, client, id, nowMs),
      now: () => nowMs,
    });
    const deps: WebhookReceiving = {
      secrets: () => secrets,
      applying: async () => applying(),
      after: (task) => pending.push(task),
    };
    return {
      deps,
      state,
      upstream,
      pending,
      applying,
      setSecrets(next: string[]) {
        secrets = next;
      },
      advance(ms: number) {
        nowMs += ms;
      },
      now: () => nowMs,
      async runAfter() {
        for (const task of pending.splice(0)) await task();
      },
      async deliver(body: string, signing: Signing | Record<string, string> = { secret: SECRET }) {
        const headers = "secret" in signing ? signatureHeaders(body, signing as Signing) : signing;
        return receiveMigrationWebhook(deliveryRequest(body, headers), deps);
      },
    };
  }

  /** What the app database holds: a refused delivery must leave every table as it was. */
  async function snapshot(db: AppDatabase) {
    const tables = [
      "webhook_events",
      "mirror_migrations",
      "mirror_status_changes",
      "mirror_status_counts",
      "mirror_owner_status_counts",
      "mirror_touches",
    ] as const;
    const out: Record<string, unknown[]> = {};
    for (const table of tables) out[table] = await db.db.selectFrom(table).selectAll().execute();
    return out;
  }

  async function mirrored(m: Migration, status = m.status) {
    await recordObservedMigrations(app().db, [{ ...m, status }], { source: "sync", nowMs: Date.now() - 60_000 });
  }

  const fresh = (status = "WORKING") => upstreamMigration(nextNumber++, { status });
  const text = (event: TestEvent) => JSON.stringify(event);

  async function expectInvalidSignature(response: Response) {
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual(INVALID_SIGNATURE.body);
  }

  async function eventsTable() {
    return app().db.selectFrom("webhook_events").selectAll().orderBy("received_ms").execute();
  }

  it.each(["svix", "webhook"] as const)(
    "accepts a valid signature with %s- headers, answers 202, then applies it",
    async (prefix) => {
      const r = receiver();
      const m = fresh();
      await mirrored(m);
      const event = testEvent("migration.failed", m.id, { errorMessage: "The source mailbox is over its quota." });
      const response = await r.deliver(text(event), { secret: SECRET, prefix });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ received: true });
      // Stored before the answer, applied after it.
      expect(await eventsTable()).toMatchObject([{ event_id: event.id, outcome: null, processed_ms: null }]);
      expect((await findMirroredMigration(app().db, m.id))?.migration.status).toBe("WORKING");
      await r.runAfter();
      expect(await findMirroredMigration(app().db, m.id)).toMatchObject({
        migration: { status: "FAILED" },
        errorMessage: "The source mailbox is over its quota.",
      });
      expect((await statusHistory(app().db, m.id)).at(-1)).toEqual({
        from: "WORKING",
        to: "FAILED",
        observedMs: r.now(),
        source: "webhook",
        errorMessage: "The source mailbox is over its quota.",
      });
      expect(await eventsTable()).toMatchObject([
        { event_id: event.id, outcome: "applied", attempts: 1, processed_ms: r.now(), next_attempt_ms: null },
      ]);
    },
  );

  it("refuses a delivery signed with another secret, storing nothing, and never logs a secret", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    const before = await snapshot(app());
    const other = newSecret();
    const response = await r.deliver(text(testEvent("migration.failed", m.id)), { secret: other });
    await expectInvalidSignature(response);
    expect(r.pending).toEqual([]);
    expect(await snapshot(app())).toEqual(before);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ event: "webhook_rejected", reason: "bad_signature" }),
    );
    const logged = JSON.stringify(logs.entries());
    expect(logged).not.toContain(SECRET.slice(6));
    expect(logged).not.toContain(other.slice(6));
  });

  it("refuses a tampered body: signed, then changed on the way", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    const before = await snapshot(app());
    const signed = text(testEvent("migration.completed", m.id));
    const headers = signatureHeaders(signed, { secret: SECRET });
    for (const tampered of [
      signed.replace("migration.completed", "migration.failed"),
      signed.replace("}}", ',"error_message":"forged"}}'),
      `${signed} `,
    ]) {
      await expectInvalidSignature(await r.deliver(tampered, headers));
    }
    // The signature of another delivery, or of another message id, does not fit either.
    const otherHeaders = signatureHeaders(signed, { secret: SECRET });
    await expectInvalidSignature(
      await r.deliver(signed, { ...headers, "svix-signature": otherHeaders["svix-signature"] as string }),
    );
    expect(await snapshot(app())).toEqual(before);
  });

  it("refuses timestamps more than 5 minutes old or ahead, and missing or malformed signature headers, all alike", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    const before = await snapshot(app());
    const body = text(testEvent("migration.failed", m.id));
    const nowSeconds = Math.floor(Date.now() / 1000);
    const valid = signatureHeaders(body, { secret: SECRET });
    const cases: Array<[string, Record<string, string>]> = [
      ["6 minutes old", signatureHeaders(body, { secret: SECRET, timestamp: nowSeconds - 360 })],
      ["a day old", signatureHeaders(body, { secret: SECRET, timestamp: nowSeconds - 86_400 })],
      ["6 minutes ahead", signatureHeaders(body, { secret: SECRET, timestamp: nowSeconds + 360 })],
      ["timestamp not a number", { ...valid, "svix-timestamp": "yesterday" }],
      [
        "no id",
        { "svix-timestamp": valid["svix-timestamp"] as string, "svix-signature": valid["svix-signature"] as string },
      ],
      ["no timestamp", { "svix-id": valid["svix-id"] as string, "svix-signature": valid["svix-signature"] as string }],
      ["no signature", { "svix-id": valid["svix-id"] as string, "svix-timestamp": valid["svix-timestamp"] as string }],
      ["no headers at all", {}],
      [
        "a signature of another scheme",
        { ...valid, "svix-signature": (valid["svix-signature"] as string).replace("v1,", "v2,") },
      ],
      ["an empty signature", { ...valid, "svix-signature": "" }],
    ];
    const reasons: unknown[] = [];
    for (const [what, headers] of cases) {
      const response = await r.deliver(body, headers);
      expect(response.status, what).toBe(401);
      expect(await response.json(), what).toEqual(INVALID_SIGNATURE.body);
      reasons.push(logs.entries().at(-1)?.reason);
    }
    expect(reasons).toEqual([
      "bad_timestamp",
      "bad_timestamp",
      "bad_timestamp",
      "bad_timestamp",
      "missing_headers",
      "missing_headers",
      "missing_headers",
      "missing_headers",
      "bad_signature",
      "missing_headers",
    ]);
    expect(await snapshot(app())).toEqual(before);
    // Within the 5 minutes either way it holds.
    for (const offset of [-240, 240]) {
      const event = testEvent("migration.started", m.id);
      const response = await r.deliver(text(event), { secret: SECRET, timestamp: nowSeconds + offset });
      expect(response.status, `${offset} s`).toBe(202);
    }
  });

  it("refuses every delivery alike while webhooks are off (no secret)", async () => {
    const r = receiver({ secrets: [] });
    const m = fresh();
    await mirrored(m);
    const before = await snapshot(app());
    await expectInvalidSignature(await r.deliver(text(testEvent("migration.failed", m.id))));
    await expectInvalidSignature(await r.deliver(text(testEvent("migration.failed", m.id)), {}));
    expect(logs.entries().at(-1)).toMatchObject({ event: "webhook_rejected", reason: "webhooks_off" });
    expect(await snapshot(app())).toEqual(before);
  });

  it("acknowledges a replayed event id once applied, and applies it only once, whatever the delivery", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    const event = testEvent("migration.failed", m.id, { errorMessage: "Rate limited by the source." });
    const first = await r.deliver(text(event));
    expect(first.status).toBe(202);
    await r.runAfter();
    const afterFirst = await snapshot(app());

    // Svix's retry of the same message (new timestamp and signature), a replay of the very same
    // request, and the same event id with another body: all acknowledged, none applied.
    const retried = await r.deliver(text(event), { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 30 });
    const changed = await r.deliver(text({ ...event, type: "migration.completed" }));
    for (const response of [retried, changed]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true, duplicate: true });
    }
    expect(r.pending).toEqual([]);
    expect(await snapshot(app())).toEqual(afterFirst);
    expect((await statusHistory(app().db, m.id)).filter((change) => change.source === "webhook")).toHaveLength(1);
  });

  it("stores one of two identical deliveries arriving at the same moment", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    const body = text(testEvent("migration.failed", m.id));
    const headers = signatureHeaders(body, { secret: SECRET });
    const answers = await Promise.all([r.deliver(body, headers), r.deliver(body, headers)]);
    expect(answers.map((response) => response.status).sort()).toEqual([200, 202]);
    expect(await eventsTable()).toHaveLength(1);
    expect(r.pending).toHaveLength(1);
  });

  it("refuses a body over 64 kB, by its Content-Length before reading it or while it streams, storing nothing", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    const before = await snapshot(app());
    const event = testEvent("migration.failed", m.id);
    // Whitespace is valid JSON: an event padded to exactly 64 kB, and one byte more.
    const padded = (size: number) => {
      const body = text(event);
      return body.slice(0, -1) + " ".repeat(size - Buffer.byteLength(body)) + body.slice(-1);
    };
    const over = padded(MAX_WEBHOOK_BODY_BYTES + 1);
    const expectTooLarge = async (response: Response) => {
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        error: { code: "payload_too_large", message: `The body is over ${MAX_WEBHOOK_BODY_BYTES} bytes.` },
      });
    };
    await expectTooLarge(await r.deliver(over, signatureHeaders(over, { secret: SECRET })));

    // Announced as too large: refused before a single chunk is pulled.
    let pulls = 0;
    const neverRead = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new TextEncoder().encode(over));
          controller.close();
        },
        // Nothing is pulled before someone reads.
      },
      { highWaterMark: 0 },
    );
    const announced = deliveryRequest(neverRead, {
      ...signatureHeaders(over, { secret: SECRET }),
      "content-length": String(over.length),
    });
    await expectTooLarge(await receiveMigrationWebhook(announced, r.deps));
    expect(pulls).toBe(0);
    expect(announced.bodyUsed).toBe(false);

    // Streamed without a length (chunked): refused once the cap is passed, the rest left unread.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    await expectTooLarge(
      await receiveMigrationWebhook(deliveryRequest(endless, signatureHeaders("", { secret: SECRET })), r.deps),
    );
    expect(sent).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES + 3 * 16 * 1024);
    expect(await snapshot(app())).toEqual(before);

    // Exactly 64 kB is fine.
    const exact = padded(MAX_WEBHOOK_BODY_BYTES);
    expect(Buffer.byteLength(exact)).toBe(MAX_WEBHOOK_BODY_BYTES);
    expect((await r.deliver(exact)).status).toBe(202);
  });

  it("reads an unknown migration through from the upstream, then applies the event on top", async () => {
    const m = fresh("WORKING");
    const r = receiver({ upstream: [m] });
    const event = testEvent("migration.failed", m.id, { errorMessage: "Login expired" });
    expect((await r.deliver(text(event))).status).toBe(202);
    expect(r.state.getCalls).toEqual([]);
    await r.runAfter();
    expect(r.state.getCalls).toEqual([m.id]);
    expect(await findMirroredMigration(app().db, m.id)).toMatchObject({
      migration: { ...m, status: "FAILED" },
      errorMessage: "Login expired",
    });
    expect((await statusHistory(app().db, m.id)).map((c) => [c.from, c.to, c.source, c.errorMessage])).toEqual([
      [null, "WORKING", "read-through", undefined],
      ["WORKING", "FAILED", "webhook", "Login expired"],
    ]);

    // The upstream already has the final status: the read-through brings it, the event confirms it with its reason.
    const done = fresh("FAILED");
    r.upstream.set(done.id, done);
    await r.deliver(text(testEvent("migration.failed", done.id, { errorMessage: "Quota" })));
    await r.runAfter();
    expect((await statusHistory(app().db, done.id)).map((c) => [c.from, c.to, c.source])).toEqual([
      [null, "FAILED", "read-through"],
    ]);
    expect((await findMirroredMigration(app().db, done.id))?.errorMessage).toBe("Quota");
    expect(
      (
        await app()
          .db.selectFrom("webhook_events")
          .select("outcome")
          .where("migration_id", "=", done.id)
          .executeTakeFirst()
      )?.outcome,
    ).toBe("confirmed");
  });

  it("retries an unknown migration the upstream does not know yet, with backoff, then gives it up as not found", async () => {
    const r = receiver();
    const id = fresh().id;
    expect((await r.deliver(text(testEvent("migration.created", id)))).status).toBe(202);
    await r.runAfter();
    const row = async () => app().db.selectFrom("webhook_events").selectAll().executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ attempts: 1, outcome: null, next_attempt_ms: r.now() + retryDelayMs(1) });
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      // Not due yet: nothing happens.
      expect(await applyDueWebhookEvents(r.applying())).toEqual([]);
      r.advance(retryDelayMs(attempt - 1));
      expect(await applyDueWebhookEvents(r.applying())).toEqual([attempt < MAX_ATTEMPTS ? "retry" : "not_found"]);
    }
    expect(await row()).toMatchObject({ attempts: MAX_ATTEMPTS, outcome: "not_found", next_attempt_ms: null });
    expect(await findMirroredMigration(app().db, id)).toBeUndefined();
    expect(await app().db.selectFrom("mirror_status_changes").selectAll().execute()).toEqual([]);
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(2)).toBe(10_000);
    expect(retryDelayMs(20)).toBe(600_000);
  });

  it("keeps an event while the upstream is down and applies it once it answers again", async () => {
    const m = fresh("WORKING");
    const failing = new Set([m.id]);
    const r = receiver({ upstream: [m], failing });
    await r.deliver(text(testEvent("migration.completed", m.id)));
    await r.runAfter();
    expect(await findMirroredMigration(app().db, m.id)).toBeUndefined();
    expect(logs.entries()).toContainEqual(expect.objectContaining({ event: "webhook_event_retry", attempts: 1 }));
    failing.delete(m.id);
    r.advance(retryDelayMs(1));
    expect(await applyDueWebhookEvents(r.applying())).toEqual(["applied"]);
    expect((await findMirroredMigration(app().db, m.id))?.migration.status).toBe("COMPLETE");
  });

  it("gives an event up after the upstream failed every try, leaving the mirror as it was", async () => {
    const m = fresh("WORKING");
    const r = receiver({ upstream: [m], failing: new Set([m.id]) });
    await r.deliver(text(testEvent("migration.completed", m.id)));
    await r.runAfter();
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      r.advance(retryDelayMs(attempt - 1));
      await applyDueWebhookEvents(r.applying());
    }
    expect(await eventsTable()).toMatchObject([{ outcome: "gave_up", attempts: MAX_ATTEMPTS, next_attempt_ms: null }]);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ event: "webhook_event_given_up", outcome: "gave_up" }),
    );
    expect(await findMirroredMigration(app().db, m.id)).toBeUndefined();
  });

  it("applies events in any order to the same end: a late started or created never moves a finished migration back", async () => {
    const r = receiver();
    const m = fresh("NOT_STARTED");
    await mirrored(m);
    const t0 = Date.now() - 10_000;
    const created = testEvent("migration.created", m.id, { createdMs: t0 });
    const started = testEvent("migration.started", m.id, { createdMs: t0 + 1_000 });
    const failed = testEvent("migration.failed", m.id, {
      createdMs: t0 + 2_000,
      errorMessage: "Source API returned 500",
    });
    const completed = testEvent("migration.completed", m.id, { createdMs: t0 + 3_000 });
    for (const event of [failed, started, created, completed]) {
      expect((await r.deliver(text(event))).status).toBe(202);
      await r.runAfter();
      r.advance(1_000);
    }
    expect(await findMirroredMigration(app().db, m.id)).toMatchObject({
      migration: { status: "FAILED" },
      errorMessage: "Source API returned 500",
    });
    expect((await statusHistory(app().db, m.id)).map((c) => [c.from, c.to, c.source])).toEqual([
      [null, "NOT_STARTED", "sync"],
      ["NOT_STARTED", "FAILED", "webhook"],
    ]);
    const outcomes = Object.fromEntries((await eventsTable()).map((row) => [row.event_id, row.outcome]));
    expect(outcomes).toEqual({
      [failed.id]: "applied",
      [started.id]: "outdated",
      [created.id]: "outdated",
      [completed.id]: "outdated",
    });
    // The counts followed the one change.
    const counts = await app()
      .db.selectFrom("mirror_status_counts")
      .select(["status", "count"])
      .where("count", ">", 0)
      .execute();
    expect(counts.map((c) => [c.status, Number(c.count)])).toEqual([["FAILED", 1]]);
  });

  it("accepts deliveries signed with any of the configured secrets while one is rotated out", async () => {
    const oldSecret = newSecret();
    const newer = newSecret();
    const r = receiver({ secrets: [newer, oldSecret] });
    const m = fresh();
    await mirrored(m);
    expect((await r.deliver(text(testEvent("migration.started", m.id)), { secret: oldSecret })).status).toBe(202);
    expect((await r.deliver(text(testEvent("migration.started", m.id)), { secret: newer })).status).toBe(202);
    // Svix signs with both while rotating: one signature that holds is enough.
    const body = text(testEvent("migration.completed", m.id));
    const byOld = signatureHeaders(body, {
      secret: oldSecret,
      messageId: "msg_rotation",
      timestamp: Math.floor(Date.now() / 1000),
    });
    const byStranger = signatureHeaders(body, {
      secret: newSecret(),
      messageId: "msg_rotation",
      timestamp: Number(byOld["svix-timestamp"]),
    });
    const both = { ...byOld, "svix-signature": `${byStranger["svix-signature"]} ${byOld["svix-signature"]}` };
    expect((await r.deliver(body, both)).status).toBe(202);
    await r.runAfter();
    expect((await findMirroredMigration(app().db, m.id))?.migration.status).toBe("COMPLETE");

    // The old secret retired: its deliveries are refused now, and nothing is stored.
    r.setSecrets([newer]);
    const before = await snapshot(app());
    await expectInvalidSignature(await r.deliver(text(testEvent("migration.failed", m.id)), { secret: oldSecret }));
    expect(await snapshot(app())).toEqual(before);
  });

  it("answers a signed body that is no migration event with a 400 saying what is wrong, storing nothing", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    const before = await snapshot(app());
    const event = testEvent("migration.failed", m.id);
    const cases: Array<[string, string, RegExp]> = [
      ["not JSON", "{not json", /the body is not JSON/],
      ["an array", "[]", /body/],
      ["no id", JSON.stringify({ ...event, id: undefined }), /id/],
      ["an id with a space", JSON.stringify({ ...event, id: "evt 1" }), /id/],
      ["another object", JSON.stringify({ ...event, object: "invoice" }), /object/],
      ["a bad created", JSON.stringify({ ...event, created: "yesterday" }), /created/],
      [
        "a non-UUID migration id",
        JSON.stringify({ ...event, data: { ...event.data, migration_id: "../x" } }),
        /migration_id/,
      ],
      [
        "data of another object",
        JSON.stringify({ ...event, data: { ...event.data, object: "company" } }),
        /data\.object/,
      ],
      [
        "a numeric error message",
        JSON.stringify({ ...event, data: { ...event.data, error_message: 42 } }),
        /error_message/,
      ],
    ];
    for (const [what, body, problem] of cases) {
      const response = await r.deliver(body);
      expect(response.status, what).toBe(400);
      const answer = (await response.json()) as { error: { code: string; message: string } };
      expect(answer.error.code, what).toBe("invalid_event");
      expect(answer.error.message, what).toMatch(problem);
    }
    expect(await snapshot(app())).toEqual(before);
  });

  it("acknowledges an event type it does not act on, storing nothing", async () => {
    const r = receiver();
    const before = await snapshot(app());
    for (const type of ["migration.deleted", "company.created"]) {
      const response = await r.deliver(
        text({ ...testEvent(type, fresh().id), data: { object: "other" } } as unknown as TestEvent),
      );
      expect(response.status, type).toBe(200);
      expect(await response.json(), type).toEqual({ received: true, ignored: true });
    }
    expect(r.pending).toEqual([]);
    expect(await snapshot(app())).toEqual(before);
  });

  it("keeps a reason without control characters, cut to 2,000 characters; a blank one is none", async () => {
    const r = receiver();
    const a = fresh();
    const b = fresh();
    await mirrored(a);
    await mirrored(b);
    await r.deliver(
      text(testEvent("migration.failed", a.id, { errorMessage: `Line one\nline two\u0007${"x".repeat(3_000)}` })),
    );
    await r.deliver(text(testEvent("migration.completed", b.id, { errorMessage: "   " })));
    await r.runAfter();
    const reason = (await findMirroredMigration(app().db, a.id))?.errorMessage ?? "";
    expect(reason.startsWith("Line one line two x")).toBe(true);
    expect(reason).toHaveLength(2_000);
    expect(await findMirroredMigration(app().db, b.id)).toMatchObject({ migration: { status: "COMPLETE" } });
    expect((await findMirroredMigration(app().db, b.id))?.errorMessage).toBeUndefined();
  });

  it("a migration.completed with a reason is a partial failure: COMPLETED_WITH_FAILURES", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    await r.deliver(
      text(testEvent("migration.completed", m.id, { errorMessage: "12 files over the size limit were skipped" })),
    );
    await r.runAfter();
    expect(await findMirroredMigration(app().db, m.id)).toMatchObject({
      migration: { status: "COMPLETED_WITH_FAILURES" },
      errorMessage: "12 files over the size limit were skipped",
    });
  });

  it("answers 500 (the provider sends it again later) when the event cannot be stored, without details", async () => {
    const r = receiver();
    const failingDeps: WebhookReceiving = {
      ...r.deps,
      applying: async () => {
        throw new Error("connection refused by db.internal:5432");
      },
    };
    const body = text(testEvent("migration.failed", fresh().id));
    const response = await receiveMigrationWebhook(
      deliveryRequest(body, signatureHeaders(body, { secret: SECRET })),
      failingDeps,
    );
    expect(response.status).toBe(500);
    const answer = await response.text();
    expect(JSON.parse(answer)).toMatchObject({ error: { code: "internal_error" } });
    expect(answer).not.toContain("db.internal");
    expect(await eventsTable()).toEqual([]);
  });

  it("keeps an event whose application failed after the answer, for the periodic pass to apply", async () => {
    const r = receiver();
    const m = fresh();
    await mirrored(m);
    // The database fails once, between the answer and the work after it (the event's claim).
    const real = app().db;
    let failNext = true;
    const flaky = new Proxy(real, {
      get(target, property) {
        if (property === "updateTable" && failNext) {
          failNext = false;
          throw new Error("database connection lost");
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const deps: WebhookReceiving = { ...r.deps, applying: async () => ({ ...r.applying(), db: flaky }) };
    const body = text(testEvent("migration.failed", m.id));
    const response = await receiveMigrationWebhook(
      deliveryRequest(body, signatureHeaders(body, { secret: SECRET })),
      deps,
    );
    expect(response.status).toBe(202);
    await r.runAfter();
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ event: "webhook_apply_failed", message: "database connection lost" }),
    );
    expect((await findMirroredMigration(app().db, m.id))?.migration.status).toBe("WORKING");
    expect(await eventsTable()).toMatchObject([{ outcome: null, attempts: 0 }]);
    expect(await applyDueWebhookEvents(r.applying())).toEqual(["applied"]);
    expect((await findMirroredMigration(app().db, m.id))?.migration.status).toBe("FAILED");
  });

  it("answers other methods 405 with Allow: POST", async () => {
    const response = webhookMethodNotAllowed();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});
