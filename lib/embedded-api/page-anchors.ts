/** A row's place in the list order: newest `created` first, then `id` descending. */
export type SortKey = readonly [createdUs: number, id: string];

interface AnchorEntry {
  version: number;
  /** anchors[j] is the sort key of the row at position (j + 1) * spacing of the list. */
  anchors: SortKey[];
  complete: boolean;
}

export interface AnchoredOffset {
  /** Start the walk at this row (inclusive), or at the top of the list when absent. */
  from?: SortKey;
  /** Rows to skip from there. */
  offset: number;
}

/**
 * SQL OFFSET walks every skipped index entry, so page 900 of a 100k-row list costs ~90k steps.
 * This cache remembers the sort key of every `spacing`-th row of a list (per organization and
 * filter), so a deep page seeks straight to the nearest anchor and skips fewer than `spacing`
 * rows. Anchors are found lazily, only as deep as a request needs, and dropped as soon as the
 * organization's data version changes.
 */
export class PageAnchorCache {
  private readonly entries = new Map<string, AnchorEntry>();

  constructor(
    readonly spacing = 1024,
    private readonly capacity = 256,
  ) {}

  /**
   * Where to start reading for `offset`. `keyAt(from, skip)` returns the sort key `skip` rows after
   * `from` (inclusive start; the top of the list when `from` is absent), or undefined past the end.
   */
  locate(
    listKey: string,
    version: number,
    offset: number,
    keyAt: (from: SortKey | undefined, skip: number) => SortKey | undefined,
  ): AnchoredOffset {
    const wanted = Math.floor(offset / this.spacing) - 1;
    if (wanted < 0) return { offset };
    const entry = this.entryFor(listKey, version);
    while (entry.anchors.length <= wanted && !entry.complete) {
      const next = keyAt(entry.anchors.at(-1), this.spacing);
      if (next) entry.anchors.push(next);
      else entry.complete = true;
    }
    const index = Math.min(wanted, entry.anchors.length - 1);
    if (index < 0) return { offset };
    return { from: entry.anchors[index], offset: offset - (index + 1) * this.spacing };
  }

  private entryFor(listKey: string, version: number): AnchorEntry {
    const existing = this.entries.get(listKey);
    // Re-inserting keeps the Map's order least-recently-used first.
    this.entries.delete(listKey);
    const entry = existing && existing.version === version ? existing : { version, anchors: [], complete: false };
    this.entries.set(listKey, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
