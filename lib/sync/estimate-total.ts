/**
 * How many migrations an upstream holds when it does not say: pages are probed at doubling numbers
 * until one comes back short, then bisected. About 2 × log2(pages) requests — 28 for a million
 * migrations at 100 a page — against the walk's 10,000: cheap enough to give the backfill a real
 * estimate and an ETA. `pageLength(page)` reads one page and says how many items it held.
 */
export async function estimateTotal(
  pageSize: number,
  pageLength: (page: number) => Promise<number>,
  maxPages = 1_000_000,
): Promise<number> {
  // Invariant: page `full` is full (or is page 0), page `short` is not full.
  let full = 0;
  let short: number | undefined;
  let lastShortLength = 0;
  for (let page = 1; page <= maxPages; page *= 2) {
    const length = await pageLength(page);
    if (length < pageSize) {
      short = page;
      lastShortLength = length;
      break;
    }
    full = page;
  }
  if (short === undefined) return maxPages * pageSize;
  while (short - full > 1) {
    const middle = Math.floor((full + short) / 2);
    const length = await pageLength(middle);
    if (length < pageSize) {
      short = middle;
      lastShortLength = length;
    } else {
      full = middle;
    }
  }
  return full * pageSize + lastShortLength;
}
