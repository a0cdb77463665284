// zod/mini: this schema runs in the browser, where the full zod would weigh on the list page.
import * as z from "zod/mini";

/**
 * How one browser likes the migrations table: which columns, in which order, how dense. Kept in
 * localStorage (per browser, no account needed) and read through a schema: a value written by an
 * older version, or edited by hand, falls back to the defaults instead of breaking the page.
 */
export const TABLE_PREFERENCES_KEY = "migrations-table-preferences";

export const DENSITIES = ["comfortable", "compact"] as const;
export type Density = (typeof DENSITIES)[number];

/** Column ids as the table names them: letters only, which also keeps them safe in a CSS selector. */
const COLUMN_ID = /^[A-Za-z]{1,32}$/;
const columnId = z.string().check(z.regex(COLUMN_ID));

export const tablePreferencesSchema = z.object({
  version: z.literal(1),
  columnOrder: z.array(columnId).check(z.maxLength(32)),
  columnVisibility: z.record(columnId, z.boolean()),
  density: z.enum(DENSITIES),
});

export type TablePreferences = z.infer<typeof tablePreferencesSchema>;

/** Table order, everything shown, comfortable rows: the table as it was before it could be shaped. */
export const DEFAULT_TABLE_PREFERENCES: TablePreferences = Object.freeze({
  version: 1,
  columnOrder: [],
  columnVisibility: {},
  density: "comfortable",
});

/**
 * Columns that cannot be hidden: the id is the row's link to its page and its copy button, the one
 * way from the table to a migration.
 */
export const ALWAYS_VISIBLE_COLUMNS: ReadonlySet<string> = new Set(["id"]);

export function readTablePreferences(stored: string | null): TablePreferences {
  if (stored === null) return DEFAULT_TABLE_PREFERENCES;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return DEFAULT_TABLE_PREFERENCES;
  }
  const parsed = tablePreferencesSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_TABLE_PREFERENCES;
}

/**
 * The full column order for the columns the table has now: the stored order's known ids first, then
 * any column it does not mention (one added since it was saved) where the table puts it.
 */
export function effectiveColumnOrder(preferences: TablePreferences, columnIds: readonly string[]): string[] {
  const known = new Set(columnIds);
  const ordered = [...new Set(preferences.columnOrder)].filter((id) => known.has(id));
  const placed = new Set(ordered);
  for (const [index, id] of columnIds.entries()) {
    if (placed.has(id)) continue;
    // After the column that precedes it in the table's own order, so a new column lands near its place.
    const before = columnIds.slice(0, index).findLast((other) => placed.has(other));
    ordered.splice(before === undefined ? 0 : ordered.indexOf(before) + 1, 0, id);
    placed.add(id);
  }
  return ordered;
}

/** Visibility with the always-visible columns forced on. */
export function effectiveVisibility(preferences: TablePreferences): Record<string, boolean> {
  const visibility: Record<string, boolean> = { ...preferences.columnVisibility };
  for (const id of ALWAYS_VISIBLE_COLUMNS) delete visibility[id];
  return visibility;
}

/** `order` with the column at `index` swapped with its neighbour (-1: up, +1: down); unchanged at an end. */
export function moveColumn(order: readonly string[], id: string, step: -1 | 1): string[] {
  const index = order.indexOf(id);
  const target = index + step;
  if (index < 0 || target < 0 || target >= order.length) return [...order];
  const next = [...order];
  next[index] = order[target] as string;
  next[target] = id;
  return next;
}

/**
 * Before the first paint: the inline script below applies the stored density and hidden columns to
 * <html> as attributes that globals.css reads, so a table rendered by the server with every column
 * shows the way this browser wants it before React hydrates. It checks only the shape it uses; the
 * page then applies the schema-checked value over it (applyTablePreferencesToDocument).
 */
export const TABLE_PREFERENCES_SCRIPT = `(function(){try{var p=JSON.parse(localStorage.getItem(${JSON.stringify(TABLE_PREFERENCES_KEY)})||"null");if(!p||p.version!==1)return;var e=document.documentElement,h=[],v=p.columnVisibility||{};for(var k in v){if(v[k]===false&&/^[A-Za-z]{1,32}$/.test(k)&&k!=="id")h.push(k)}if(h.length)e.setAttribute("data-hidden-columns",h.join(" "));if(p.density==="compact")e.setAttribute("data-density","compact")}catch(_){}})()`;

export function applyTablePreferencesToDocument(preferences: TablePreferences): void {
  const root = document.documentElement;
  const hidden = Object.entries(effectiveVisibility(preferences))
    .filter(([, visible]) => !visible)
    .map(([id]) => id);
  if (hidden.length > 0) root.setAttribute("data-hidden-columns", hidden.join(" "));
  else root.removeAttribute("data-hidden-columns");
  if (preferences.density === "compact") root.setAttribute("data-density", "compact");
  else root.removeAttribute("data-density");
}
