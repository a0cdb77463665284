/**
 * Pages of a list ordered by group first (status, company), newest first within each group. Each
 * group's size is known from counts, so a page is a few slices, each read from one group's own
 * index in created order: the same indexed reads (and deep-page anchors) as the created order,
 * instead of sorting every matching row for every page.
 */
export interface Group<K> {
  key: K;
  count: number;
}

export interface GroupSlice<K> {
  key: K;
  /** Rows to skip within the group, newest first. */
  offset: number;
  limit: number;
}

/** The slices of the groups (in display order) that rows [offset, offset + limit) fall in. */
export function slicesForPage<K>(groups: ReadonlyArray<Group<K>>, offset: number, limit: number): Array<GroupSlice<K>> {
  const slices: Array<GroupSlice<K>> = [];
  let start = 0;
  const end = offset + limit;
  for (const group of groups) {
    const groupEnd = start + group.count;
    if (groupEnd > offset && start < end && group.count > 0) {
      const from = Math.max(offset, start);
      const to = Math.min(end, groupEnd);
      slices.push({ key: group.key, offset: from - start, limit: to - from });
    }
    if (groupEnd >= end) break;
    start = groupEnd;
  }
  return slices;
}

const nameCollator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * Company order: by the name people see (the directory's, else the id), ignoring case and accents,
 * the id breaking ties; migrations without a company last in both directions.
 */
export function compareCompanyGroups(
  a: { companyId: string | null; label: string },
  b: { companyId: string | null; label: string },
): number {
  if (a.companyId === null || b.companyId === null)
    return (a.companyId === null ? 1 : 0) - (b.companyId === null ? 1 : 0);
  return nameCollator.compare(a.label, b.label) || (a.companyId < b.companyId ? -1 : a.companyId > b.companyId ? 1 : 0);
}
