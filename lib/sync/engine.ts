import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { errorFields, log } from "@/lib/logging/log";
import type { Migration } from "@/lib/migrations/migration";
import { isMigrationId } from "@/lib/migrations/migration-id";
import { isTerminalStatus } from "@/lib/migrations/statuses";
import { mirrorRejection } from "@/lib/mirror/admission";
import { recordObservedMigrations, recordRemovedMigrations } from "@/lib/mirror/record-observations";
import type { UpstreamClient } from "@/lib/upstream/client";
import { UpstreamError } from "@/lib/upstream/errors";
import type { TolerantMigrationListPage } from "@/lib/upstream/reader";
import { estimateTotal } from "./estimate-total";
import { releaseLease, tryHoldLease } from "./lease";
import type { SyncSettings } from "./settings";
import {
  initialSyncState,
  MAX_RECENT_ERRORS,
  readSyncState,
  type SyncState,
  type SyncWalk,
  writeSyncState,
} from "./sync-state";

/** Page sizes to try, largest first: the documented API does not say its maximum. */
const PAGE_SIZES = [100, 50, 25, 10] as const;
/** Pages a walk reads per step (in flight together, the request budget pacing them) and writes in one transaction. */
export const WALK_BATCH_PAGES = 32;
/** How far the head may read in one go before leaving the rest to the walk. */
const MAX_HEAD_PAGES = 20;
const MAX_HEAD_PAGES_DURING_BACKFILL = 2;
/** Running migrations within this many pages of the top are re-checked often, by page where that is cheaper. */
const RECENT_PAGES = 20;
/** At most this many running migrations are looked at per step (the rest on later steps). */
const MAX_RUNNING_PER_STEP = 5_000;
const MAX_BY_ID_PER_STEP = 50;
/** Rows missing from a finished walk confirmed gone (or not) by id, per step. */
const REMOVAL_CONFIRMATIONS_PER_STEP = 20;
const LEASE_NAME = "sync";

export type SyncOperation = "page-size" | "head" | "walk" | "running";

export interface SyncEngineOptions {
  db: Kysely<AppSchema>;
  /** The upstream client, already within the deployment's request budget. */
  client: UpstreamClient;
  /** Which upstream and key (a hash): a mirror of another scope is cleared, not mixed. */
  scope: string;
  settings: SyncSettings;
  instanceId: string;
  now?: () => number;
  log?: (message: string) => void;
}

class MalformedPageError extends Error {}

/** A walk's batch of pages, requested together; settled, so that a failed page never rejects unobserved. */
interface PageBatch {
  generation: number;
  pageSize: number;
  firstPage: number;
  pages: number[];
  /** When the first request was queued: what the pages say is at least this old when written. */
  requestedMs: number;
  results: Promise<PromiseSettledResult<TolerantMigrationListPage>[]>;
}

/**
 * Keeps the mirror current with the upstream at a cost that follows what changes:
 * - a first full walk (backfill), resumable page by page;
 * - the head: page 1 onwards until a page holds only known, unchanged rows;
 * - running migrations re-checked by page (when several share one) or by id;
 * - a slow reconciliation walk on a schedule that survives restarts, which also finds rows that disappeared.
 * Every failure is recorded and retried with backoff; what is already mirrored stays readable.
 */
export class SyncEngine {
  private state: SyncState | undefined;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private readonly nextAllowedMs = new Map<SyncOperation, number>();
  private readonly failures = new Map<SyncOperation, number>();
  private nextHeadMs = 0;
  private nextRunningMs = 0;
  private lastLeaseMs = 0;
  /**
   * Migrations the upstream would not give in a usable shape (or at all) when last asked by id: the
   * re-checks leave them alone until then, so one bad migration neither holds up the others nor is
   * asked for every second.
   */
  private readonly unreadableUntil = new Map<string, number>();
  private renewing = false;
  /**
   * The walk's next batch, requested while the current one is written: the writes then overlap the
   * budget's pacing instead of adding to it. Held only in memory; a restart asks again.
   */
  private prefetched: PageBatch | undefined;
  /** Set when a renewal during a step finds the lease taken: the rest of that step is skipped. */
  private leaseLost = false;
  leader = false;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message) => log("info", "sync", { message }));
  }

  private get db() {
    return this.options.db;
  }

  /** Loads (or starts) the state; a mirror of another upstream or key is cleared first. */
  async load(): Promise<SyncState> {
    const stored = await readSyncState(this.db);
    if (stored && stored.scope === this.options.scope) {
      this.state = stored;
      if (stored.walk) {
        stored.walk.resumedMs = this.now();
        stored.walk.rowsAtResume = stored.walk.rowsRead;
      }
      return stored;
    }
    if (stored) {
      this.log("the configured upstream or key changed: starting a new mirror");
      await this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("mirror_migrations").execute();
        await trx.deleteFrom("mirror_status_changes").execute();
        await trx.deleteFrom("mirror_status_counts").execute();
        await trx.deleteFrom("mirror_owner_status_counts").execute();
        // A touch older than everything: every cached deep-page anchor is void.
        await trx.insertInto("mirror_touches").values({ min_created_us: 0, at_ms: this.now() }).execute();
      });
    }
    const state = initialSyncState(this.options.scope);
    // Rows a state that could not be read left behind stay (the views keep answering), so the new walk
    // is numbered above theirs: rows it does not see again must not look seen, or would never be confirmed gone.
    const left = await this.db
      .selectFrom("mirror_migrations")
      .select((eb) => eb.fn.max("walk_generation").as("generation"))
      .executeTakeFirst();
    state.walk = this.newWalk("backfill", Number(left?.generation ?? 0) + 1);
    this.state = state;
    await this.save();
    return state;
  }

  private newWalk(kind: SyncWalk["kind"], generation: number): SyncWalk {
    const now = this.now();
    return {
      kind,
      generation,
      nextPage: 1,
      startedMs: now,
      resumedMs: now,
      rowsRead: 0,
      rowsAtResume: 0,
      pagesDone: false,
    };
  }

  private async save(): Promise<void> {
    if (this.state) await writeSyncState(this.db, this.state, this.now());
  }

  private get current(): SyncState {
    if (!this.state) throw new Error("SyncEngine.load() must run first.");
    return this.state;
  }

  /** Whether a walk (backfill or reconciliation) is under way, even while it waits out a backoff. */
  get walking(): boolean {
    return this.state?.walk !== undefined;
  }

  /** Holds (or renews) the deployment's sync lease; the state is re-read whenever leadership is gained. */
  async holdLease(): Promise<boolean> {
    const now = this.now();
    if (this.leader && now - this.lastLeaseMs < this.options.settings.leaseMs / 4) return true;
    const held = await tryHoldLease(this.db, LEASE_NAME, this.options.instanceId, this.options.settings.leaseMs, now);
    if (held && !this.leader) {
      this.log(`instance ${this.options.instanceId} syncs`);
      await this.load();
    }
    this.leader = held;
    if (held) this.lastLeaseMs = now;
    return held;
  }

  /**
   * Renews a held lease while a step runs: a step can outlast the lease (dozens of requests at the
   * budget's pace, a slow upstream), and a lease renewed only between steps would then expire under
   * a working leader and let a second instance sync alongside it.
   */
  async renewLeaseDuringStep(): Promise<void> {
    if (!this.leader || this.renewing) return;
    this.renewing = true;
    try {
      const now = this.now();
      const held = await tryHoldLease(this.db, LEASE_NAME, this.options.instanceId, this.options.settings.leaseMs, now);
      if (held) {
        this.lastLeaseMs = now;
      } else {
        this.leader = false;
        this.leaseLost = true;
        this.log(`instance ${this.options.instanceId} lost the lease: it stops syncing`);
      }
    } finally {
      this.renewing = false;
    }
  }

  async releaseLease(): Promise<void> {
    if (this.leader) await releaseLease(this.db, LEASE_NAME, this.options.instanceId);
    this.leader = false;
  }

  /** One round of whatever is due. Returns true while a walk has more to do right away (call again soon). */
  async step(): Promise<boolean> {
    if (!this.state) await this.load();
    const now = this.now();
    const state = this.current;
    if (!state.walk && state.nextReconcileMs !== undefined && now >= state.nextReconcileMs) {
      state.walk = this.newWalk("reconcile", state.completedGeneration + 1);
      // Asked again: a silent cap cannot be seen while the upstream holds fewer rows than it, and a
      // walk with a page size the upstream does not honour would end after its first page.
      delete state.pageSize;
      this.log(`reconciliation walk ${state.walk.generation} starts`);
      await this.save();
    }
    if (!state.pageSize) {
      await this.attempt("page-size", () => this.discoverPageSize());
      if (!state.pageSize) return false;
    }
    if (now >= this.nextHeadMs) {
      this.nextHeadMs = now + this.options.settings.headIntervalMs;
      await this.attempt("head", () => this.readHead());
    }
    if (state.walk) await this.attempt("walk", () => this.walkStep());
    if (state.backfillCompletedMs !== undefined && now >= this.nextRunningMs) {
      this.nextRunningMs = now + Math.min(1_000, this.options.settings.runningIntervalMs);
      await this.attempt("running", () => this.recheckRunning());
    }
    // A walk waiting out its backoff has nothing to do yet: run() would spin until it ends.
    return this.current.walk !== undefined && (this.nextAllowedMs.get("walk") ?? 0) <= this.now();
  }

  /** Runs `work` unless its backoff is pending; records a failure (and backs off) or a success. */
  private async attempt(operation: SyncOperation, work: () => Promise<void>): Promise<void> {
    if (this.leaseLost) return;
    const now = this.now();
    if ((this.nextAllowedMs.get(operation) ?? 0) > now) return;
    try {
      await work();
      this.failures.delete(operation);
      this.nextAllowedMs.delete(operation);
      const state = this.current;
      state.lastSuccessMs = this.now();
      // Not on the head's success alone: a walk stuck on one page would never show as failing.
      if (this.failures.size === 0) state.consecutiveFailures = 0;
      await this.save();
    } catch (error) {
      const count = (this.failures.get(operation) ?? 0) + 1;
      this.failures.set(operation, count);
      this.nextAllowedMs.set(operation, now + Math.min(this.options.settings.maxBackoffMs, 500 * 2 ** count));
      await this.recordError(operation, error);
    }
  }

  /** `failure: false`: trouble that did not stop the operation (skipped rows), reported but not counted as failing. */
  private async recordError(operation: string, error: unknown, { failure = true } = {}): Promise<void> {
    const message =
      error instanceof UpstreamError || error instanceof MalformedPageError
        ? error.message
        : "An internal error stopped this step; it is retried.";
    if (!(error instanceof UpstreamError || error instanceof MalformedPageError)) {
      log("error", "sync_step_failed", { operation, ...errorFields(error) });
    }
    const state = this.current;
    if (failure) state.consecutiveFailures++;
    state.recentErrors = [{ atMs: this.now(), operation, message }, ...state.recentErrors].slice(0, MAX_RECENT_ERRORS);
    await this.save().catch(() => {});
  }

  private async readPage(page: number, pageSize = this.current.pageSize as number): Promise<TolerantMigrationListPage> {
    const result = await this.options.client.listMigrationsTolerant({ page, pageSize });
    if (result.received > pageSize) {
      throw new MalformedPageError(
        `Page ${page} held ${result.received} migrations, more than the ${pageSize} asked for: refused.`,
      );
    }
    return result;
  }

  /** Records a page's admissible rows; the rest are counted and reported. */
  private async recordPage(page: number, result: TolerantMigrationListPage, walkGeneration?: number) {
    const { admitted } = await this.admitPage(page, result, walkGeneration);
    return recordObservedMigrations(this.db, admitted, {
      source: "sync",
      nowMs: this.now(),
      ...(walkGeneration !== undefined ? { walkGeneration } : {}),
    });
  }

  /** The page's rows that may enter the mirror, and why the others may not; those are skipped, and reported by walks. */
  private async admitPage(
    page: number,
    result: TolerantMigrationListPage,
    walkGeneration?: number,
  ): Promise<{ admitted: Migration[]; reasons: string[] }> {
    const admitted: Migration[] = [];
    const reasons: string[] = result.rejected.map((row) => `row ${row.index + 1}: ${row.reason}`);
    for (const migration of result.migrations) {
      const rejection = mirrorRejection(migration);
      if (!rejection) {
        admitted.push(migration);
        continue;
      }
      reasons.push(`a row: ${rejection}`);
      if (isMigrationId(migration.id)) this.markUnreadable(migration.id);
    }
    // Only walks report skipped rows: the head and the re-checks read the same pages again and again,
    // and would count one bad row thousands of times and crowd every other error out.
    if (reasons.length > 0 && walkGeneration !== undefined) {
      this.current.rejectedRows += reasons.length;
      await this.recordError(
        "rows",
        new MalformedPageError(
          `Page ${page}: ${reasons.length} malformed row(s) skipped (${reasons.slice(0, 3).join("; ")}).`,
        ),
        { failure: false },
      );
    }
    return { admitted, reasons };
  }

  private async discoverPageSize(): Promise<void> {
    for (const size of PAGE_SIZES) {
      let result: TolerantMigrationListPage;
      try {
        result = await this.options.client.listMigrationsTolerant({ page: 1, pageSize: size });
      } catch (error) {
        // A 400 on page_size means "too large": try the next size. Anything else is real trouble.
        if (error instanceof UpstreamError && error.kind === "bad_response" && error.status === 400) continue;
        throw error;
      }
      // An upstream may cap page_size silently (asked 100, answers 50): then that is the page size.
      let capped = result.received > 0 && result.received < size;
      if (capped && result.hasMore === undefined && result.total === undefined) {
        // Nothing says whether more exist (a bare array): a second page of the size received has rows
        // only if the first, asked for more, was cut short.
        const next = await this.options.client.listMigrationsTolerant({ page: 2, pageSize: result.received });
        capped = next.received > 0;
      } else if (capped) {
        capped = result.hasMore === true || (result.total !== undefined && result.total > result.received);
      }
      this.current.pageSize = capped ? result.received : size;
      return;
    }
    throw new UpstreamError("bad_response", "The Migrations API accepted none of the page sizes 100, 50, 25, 10.");
  }

  /** New migrations (and changes among the newest): page 1 on, until a page brings nothing new. */
  private async readHead(): Promise<void> {
    const state = this.current;
    const pageSize = state.pageSize as number;
    const limit = state.backfillCompletedMs === undefined ? MAX_HEAD_PAGES_DURING_BACKFILL : MAX_HEAD_PAGES;
    for (let page = 1; page <= limit; page++) {
      const result = await this.readPage(page);
      const { admitted, reasons } = await this.admitPage(page, result);
      if (admitted.length === 0 && reasons.length > 0) {
        // Every row refused (each one missing a field, say): the head learned nothing of the newest
        // migrations, and counting it a success would call the mirror current while it goes stale.
        // A failure instead: the list keeps its last good rows under "failing since", naming the field.
        throw new MalformedPageError(
          `Page ${page}: none of its ${result.received} migrations could be read (${reasons[0]?.replace(/\.$/, "")}).`,
        );
      }
      const recorded = await recordObservedMigrations(this.db, admitted, { source: "sync", nowMs: this.now() });
      if (recorded.inserted + recorded.changed === 0 || result.received < pageSize) break;
    }
    state.lastHeadSuccessMs = this.now();
  }

  /** One batch of the current walk's pages, or, once they are all read, confirming which rows disappeared. */
  private async walkStep(): Promise<void> {
    const state = this.current;
    const walk = state.walk as SyncWalk;
    const pageSize = state.pageSize as number;
    if (walk.pagesDone) return this.confirmDisappeared(walk);
    if (walk.kind === "backfill" && walk.nextPage === 1 && walk.estimatedTotal === undefined) {
      // Only progress depends on it: a failed probe leaves the walk without an estimate, not stuck.
      walk.estimatedTotal = await this.estimateBackfill(pageSize).catch(() => undefined);
      // Shown at once ("34,000 of ~100,000"), not only after the first batch.
      await this.save();
    }

    const batch = this.takePrefetched(walk, pageSize) ?? this.requestBatch(walk, pageSize, walk.nextPage);
    const pages = batch.pages;
    const following = walk.nextPage + pages.length;
    // Within the estimate, the next batch is asked for at once: were it asked for only once this one
    // has come back, the budget would sit idle for the last page's round trip, batch after batch.
    if (this.beforeEstimatedEnd(walk, pageSize, following)) {
      this.prefetched = this.requestBatch(walk, pageSize, following);
    }
    const settled = await batch.results;
    const full = settled.every((outcome) => outcome.status === "fulfilled" && outcome.value.received >= pageSize);
    if (full && this.prefetched === undefined) this.prefetched = this.requestBatch(walk, pageSize, following);
    // The batch's pages go into the mirror in one transaction: on SQLite that halves the CPU and
    // the bytes written per row against a transaction per page (each commit rewrites the index
    // pages it touched). A failed page ends the batch; the pages before it are kept.
    const admitted: Migration[] = [];
    let failure: unknown;
    const progress = { ...walk };
    for (const [i, outcome] of settled.entries()) {
      if (outcome.status === "rejected") {
        failure = outcome.reason;
        break;
      }
      const page = pages[i] as number;
      const result = outcome.value;
      admitted.push(...(await this.admitPage(page, result, walk.generation)).admitted);
      progress.rowsRead += result.received;
      progress.nextPage = page + 1;
      if (result.total !== undefined) progress.estimatedTotal = result.total;
      if (result.received < pageSize) {
        progress.pagesDone = true;
        break;
      }
    }
    await recordObservedMigrations(this.db, admitted, {
      source: "sync",
      // A prefetched batch may be older than what the head or a re-check recorded since.
      nowMs: batch.requestedMs,
      walkGeneration: walk.generation,
    });
    Object.assign(walk, progress);
    await this.save();
    if (failure !== undefined) throw failure;
  }

  /**
   * Requests a batch of pages: about a second of the budget at most (two batches are in flight
   * together, and a read-through queues behind them), so progress moves on visibly even when the
   * budget is small (at 0.5 requests/s, a page per batch), and not far past the estimated end, where
   * every page asked for would come back empty.
   */
  private requestBatch(walk: SyncWalk, pageSize: number, firstPage: number): PageBatch {
    let count = Math.max(1, Math.min(WALK_BATCH_PAGES, Math.floor(this.options.settings.maxRps)));
    const lastUseful = this.lastUsefulPage(walk, pageSize);
    if (lastUseful !== undefined) count = Math.max(1, Math.min(count, lastUseful - firstPage + 1));
    const pages = Array.from({ length: count }, (_, i) => firstPage + i);
    return {
      generation: walk.generation,
      pageSize,
      firstPage,
      pages,
      requestedMs: this.now(),
      results: Promise.allSettled(pages.map((page) => this.readPage(page, pageSize))),
    };
  }

  /** The page after the estimated last one: a short or empty page is how a walk knows it is done. */
  private lastUsefulPage(walk: SyncWalk, pageSize: number): number | undefined {
    return walk.estimatedTotal === undefined ? undefined : Math.ceil(walk.estimatedTotal / pageSize) + 1;
  }

  /** Whether `page` comes before the end the walk expects (never, without an estimate). */
  private beforeEstimatedEnd(walk: SyncWalk, pageSize: number, page: number): boolean {
    const lastUseful = this.lastUsefulPage(walk, pageSize);
    return lastUseful !== undefined && page < lastUseful;
  }

  /** The prefetched batch if it is the one this walk needs next (same walk, page size and first page). */
  private takePrefetched(walk: SyncWalk, pageSize: number): PageBatch | undefined {
    const batch = this.prefetched;
    this.prefetched = undefined;
    if (batch?.generation === walk.generation && batch.pageSize === pageSize && batch.firstPage === walk.nextPage) {
      return batch;
    }
    return undefined;
  }

  /** The upstream's total when it sends one, else a probe of about 2 × log2(pages) requests. */
  private async estimateBackfill(pageSize: number): Promise<number> {
    const first = await this.readPage(1);
    if (first.total !== undefined) return first.total;
    return estimateTotal(pageSize, async (page) =>
      page === 1 ? first.received : (await this.readPage(page)).received,
    );
  }

  private async confirmDisappeared(walk: SyncWalk): Promise<void> {
    const missing = await this.db
      .selectFrom("mirror_migrations")
      .select("id")
      .where("walk_generation", "<", walk.generation)
      .where("first_seen_ms", "<", walk.startedMs)
      .limit(REMOVAL_CONFIRMATIONS_PER_STEP)
      .execute();
    if (missing.length === 0) return this.finishWalk(walk);
    for (const { id } of missing) await this.recheckById(id, walk.generation);
  }

  private async finishWalk(walk: SyncWalk): Promise<void> {
    const state = this.current;
    const now = this.now();
    state.completedGeneration = walk.generation;
    if (walk.kind === "backfill") state.backfillCompletedMs = now;
    state.nextReconcileMs = now + this.options.settings.reconcileIntervalMs;
    state.walk = undefined;
    this.log(`${walk.kind} walk ${walk.generation} done: ${walk.rowsRead} rows read`);
  }

  private markUnreadable(id: string): void {
    this.unreadableUntil.set(id.toLowerCase(), this.now() + this.options.settings.oldRunningIntervalMs);
  }

  private isUnreadable(id: string, now: number): boolean {
    const until = this.unreadableUntil.get(id);
    if (until === undefined) return false;
    if (until > now) return true;
    this.unreadableUntil.delete(id);
    return false;
  }

  /**
   * Reads one migration by id: records it, or records it gone when the upstream answers 404. An answer
   * the mirror cannot take leaves the last good version in place (a walk counts the migration as seen:
   * it exists) and is reported like a skipped row; any other failure is thrown.
   */
  private async recheckById(id: string, walkGeneration?: number): Promise<void> {
    let migration: Migration;
    try {
      migration = await this.options.client.getMigration(id);
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === "not_found") {
        await recordRemovedMigrations(this.db, [id], { source: "sync", nowMs: this.now() });
        return;
      }
      this.markUnreadable(id);
      if (error instanceof UpstreamError && error.kind === "bad_response") {
        return this.keepLastGoodVersion(id, error.message, walkGeneration);
      }
      throw error;
    }
    const rejection = mirrorRejection(migration);
    if (rejection) {
      this.markUnreadable(id);
      return this.keepLastGoodVersion(id, `its ${rejection}`, walkGeneration);
    }
    await recordObservedMigrations(this.db, [migration], {
      source: "sync",
      nowMs: this.now(),
      ...(walkGeneration !== undefined ? { walkGeneration } : {}),
    });
  }

  /** Like a skipped row on a page: reported by walks only, which see each migration once. */
  private async keepLastGoodVersion(id: string, reason: string, walkGeneration?: number): Promise<void> {
    if (walkGeneration === undefined) return;
    await this.db
      .updateTable("mirror_migrations")
      .set({ walk_generation: walkGeneration })
      .where("id", "=", id.toLowerCase())
      .execute();
    this.current.rejectedRows++;
    await this.recordError("rows", new MalformedPageError(`Migration ${id} skipped: ${reason}`), { failure: false });
  }

  /**
   * Re-checks migrations not in a final status that are due: recent ones (near the top) by
   * re-reading a page when two or more share it, otherwise by id; old ones by id, less often.
   */
  private async recheckRunning(): Promise<void> {
    const state = this.current;
    const pageSize = state.pageSize as number;
    const now = this.now();
    const { runningIntervalMs, oldRunningIntervalMs } = this.options.settings;
    const statusRows = await this.db
      .selectFrom("mirror_status_counts")
      .select("status")
      .where("count", ">", 0)
      .execute();
    const running = statusRows.map((row) => row.status).filter((status) => !isTerminalStatus(status));
    if (running.length === 0) return;
    const rows = await this.db
      .selectFrom("mirror_migrations")
      .select(["id", "created_us", "last_seen_ms"])
      .where("status", "in", running)
      .orderBy("created_us", "desc")
      .orderBy("id", "desc")
      .limit(MAX_RUNNING_PER_STEP)
      .execute();

    // Where each recent row sits in the list, from one read of the list index (a count per running
    // row cost a query each, every second).
    const recent = await this.db
      .selectFrom("mirror_migrations")
      .select("id")
      .orderBy("created_us", "desc")
      .orderBy("id", "desc")
      .limit(RECENT_PAGES * pageSize)
      .execute();
    const ordinals = new Map(recent.map((row, ordinal) => [row.id, ordinal]));
    const byPage = new Map<number, string[]>();
    const byId: string[] = [];
    for (const row of rows) {
      if (this.isUnreadable(row.id, now)) continue;
      const lastSeen = Number(row.last_seen_ms);
      const ordinal = ordinals.get(row.id);
      if (ordinal !== undefined) {
        if (now - lastSeen >= runningIntervalMs) {
          const page = Math.floor(ordinal / pageSize) + 1;
          byPage.set(page, [...(byPage.get(page) ?? []), row.id]);
        }
        continue;
      }
      if (now - lastSeen >= oldRunningIntervalMs) byId.push(row.id);
    }

    for (const [page, ids] of byPage) {
      if (ids.length < 2) {
        byId.unshift(...ids);
        continue;
      }
      const result = await this.readPage(page);
      await this.recordPage(page, result);
      const seen = new Set(result.migrations.map((migration) => migration.id.toLowerCase()));
      // Rows moved to another page since the mirror last saw them: read those by id.
      byId.unshift(...ids.filter((id) => !seen.has(id)));
    }
    for (const id of byId.slice(0, MAX_BY_ID_PER_STEP)) await this.recheckById(id);
  }

  /** Runs until the signal aborts: holds the lease (or waits for it), then steps through due work. */
  async run(signal: AbortSignal): Promise<void> {
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
      });
    let renewal: Promise<void> = Promise.resolve();
    const heartbeat = setInterval(() => {
      // A failed renewal is retried on the next beat; the lease outlives a few of them.
      renewal = this.renewLeaseDuringStep().catch(() => {});
    }, this.options.settings.leaseMs / 4);
    try {
      while (!signal.aborted) {
        let busy = false;
        try {
          if (await this.holdLease()) {
            this.leaseLost = false;
            busy = await this.step();
          }
        } catch (error) {
          // The database itself failed (not the upstream): wait and try again.
          log("error", "sync_step_failed", errorFields(error));
          await pause(5_000);
        }
        if (!this.leader) await pause(Math.min(5_000, this.options.settings.leaseMs / 4));
        else await pause(busy ? 0 : 250);
      }
    } finally {
      clearInterval(heartbeat);
    }
    // A renewal still in flight would otherwise extend the lease right after it was handed over.
    await renewal;
    await this.releaseLease().catch(() => {});
  }
}
