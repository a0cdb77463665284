import "server-only";
import type { Migration } from "@/lib/migrations/migration";
import type { UpstreamClient } from "@/lib/upstream/client";
import { UpstreamError } from "@/lib/upstream/errors";

/** Page sizes to try, largest first: the documented API does not say its maximum. */
const PAGE_SIZES = [100, 50, 25, 10] as const;
const MAX_PAGES = 5_000;

export interface WalkOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

/** Runs `task` over `items` with at most `limit` in flight; rejects on the first failure. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Reads every migration by walking the upstream's pages: the largest page size it accepts, the
 * rest of the pages in parallel (bounded) when it reports a total, else one after another until a
 * short page. The page size is the one the upstream actually answered with. Pages can shift while migrations are created during the walk, so ids are de-duplicated.
 */
export async function walkAllMigrations(client: UpstreamClient, options: WalkOptions = {}): Promise<Migration[]> {
  const { concurrency = 4, signal } = options;
  let pageSize: number | undefined;
  let first: Awaited<ReturnType<UpstreamClient["listMigrations"]>> | undefined;
  for (const size of PAGE_SIZES) {
    try {
      first = await client.listMigrations({ page: 1, pageSize: size }, signal);
      pageSize = size;
      break;
    } catch (error) {
      // A 400 on page_size means "too large": try the next size. Anything else is real trouble.
      if (!(error instanceof UpstreamError && error.kind === "bad_response" && error.status === 400)) throw error;
    }
  }
  if (!first || pageSize === undefined) {
    throw new UpstreamError("bad_response", "The Migrations API accepted none of the page sizes 100, 50, 25, 10.");
  }
  // An upstream may cap page_size silently (asked 100, answers 50): the first page's length is
  // then the real page size. A short first page that is simply the whole list costs one extra,
  // empty request at most.
  const received = first.migrations.length;
  const size = received > 0 && received < pageSize ? received : pageSize;
  const pages: Migration[][] = [first.migrations];

  if (first.total !== undefined) {
    const pageCount = Math.min(Math.ceil(first.total / size), MAX_PAGES);
    const rest = Array.from({ length: Math.max(pageCount - 1, 0) }, (_, i) => i + 2);
    const results = await inParallel(rest, concurrency, (page) =>
      client.listMigrations({ page, pageSize: size }, signal),
    );
    pages.push(...results.map((result) => result.migrations));
  } else {
    let last = first;
    for (let page = 2; page <= MAX_PAGES && last.migrations.length === size && last.hasMore !== false; page++) {
      last = await client.listMigrations({ page, pageSize: size }, signal);
      pages.push(last.migrations);
    }
  }

  const byId = new Map<string, Migration>();
  for (const migration of pages.flat()) if (!byId.has(migration.id)) byId.set(migration.id, migration);
  return [...byId.values()];
}
