import { subMillisecondMicros } from "@/lib/migrations/created-time";
import type { Migration } from "@/lib/migrations/migration";

export interface IndexSnapshot {
  /** Every migration the upstream listed, newest first (`id` descending as the tie-break). */
  migrations: readonly Migration[];
  /** When the walk that produced this snapshot started. */
  asOf: Date;
}

export type LoadAll = () => Promise<Migration[]>;

/** Newest first; `id` descending breaks ties, like the upstream's own order. */
export function compareNewestFirst(a: Migration, b: Migration): number {
  const byTime = Date.parse(b.created) - Date.parse(a.created);
  if (byTime !== 0) return byTime;
  // `created` keeps milliseconds; the upstream orders by microseconds.
  const byMicros = subMillisecondMicros(b.createdRaw) - subMillisecondMicros(a.createdRaw);
  if (byMicros !== 0) return byMicros;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * All migrations of one upstream and key, for views the documented API cannot answer
 * (filters, counts, ascending sort). Stale-while-revalidate: the first read waits for a walk;
 * later reads get the current snapshot at once and, once it is older than `maxAgeMs`, start a
 * background walk. Concurrent refreshes share one walk. A failed background walk keeps the old
 * snapshot (its `asOf` shows its age) and is retried on a later read.
 */
export class MigrationIndex {
  private snapshot?: IndexSnapshot;
  private inFlight?: Promise<IndexSnapshot>;
  lastRefreshError?: unknown;

  constructor(
    private readonly loadAll: LoadAll,
    readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The latest snapshot, without starting a refresh. */
  current(): IndexSnapshot | undefined {
    return this.snapshot;
  }

  /** True when there is no snapshot yet or it is older than `maxAgeMs`. */
  isStale(): boolean {
    return !this.snapshot || this.now() - this.snapshot.asOf.getTime() > this.maxAgeMs;
  }

  async read(): Promise<IndexSnapshot> {
    if (!this.snapshot) return this.refresh();
    if (this.isStale()) {
      this.refresh().catch(() => {
        // Recorded in lastRefreshError; readers keep the previous snapshot meanwhile.
      });
    }
    return this.snapshot;
  }

  /** Starts a walk, or joins the one already running. */
  refresh(): Promise<IndexSnapshot> {
    this.inFlight ??= this.walk().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async walk(): Promise<IndexSnapshot> {
    const asOf = new Date(this.now());
    try {
      const migrations = await this.loadAll();
      this.snapshot = { migrations: [...migrations].sort(compareNewestFirst), asOf };
      this.lastRefreshError = undefined;
      return this.snapshot;
    } catch (error) {
      this.lastRefreshError = error;
      throw error;
    }
  }
}
