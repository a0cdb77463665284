/**
 * How one browser likes the migrations table: which columns, in which order, how dense. Kept in
 * localStorage (per browser, no account needed) and read through a strict check: a value written by
 * an older version, or edited by hand, falls back to the defaults instead of breaking the page.
 */
export const TABLE_PREFERENCES_KEY = "migrations-table-preferences";

export const DENSITIES = ["comfortable", "compact"] as const;
export type Density = (typeof DENSITIES)[number];

/** Column ids as the table names them: letters only, which also keeps them safe in a CSS selector. */
const COLUMN_ID = /^[A-Za-z]{1,32}$/;
const MAX_COLUMNS = 32;

export interface TablePreferences {
  version: 1;
  columnOrder: string[];
  columnVisibility: Record<string, boolean>;
  density: Density;
}

const isColumnId = (value: unknown): value is string => typeof value === "string" && COLUMN_ID.test(value);

/**
 * The stored value as preferences, or undefined when anything about it is off. A hand-written check
 * rather than zod: it runs on the list page, whose first-load JavaScript has a budget that even
 * zod/mini's core would take a tenth of.
 */
export function parseTablePreferences(value: unknown): TablePreferences | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  // Keys it does not know are left behind, as a schema would strip them.
  const { version, columnOrder, columnVisibility, density } = value as Record<string, unknown>;
  if (version !== 1) return undefined;
  if (!Array.isArray(columnOrder) || columnOrder.length > MAX_COLUMNS || !columnOrder.every(isColumnId))
    return undefined;
  if (typeof columnVisibility !== "object" || columnVisibility === null || Array.isArray(columnVisibility))
    return undefined;
  const visibility: Record<string, boolean> = {};
  for (const [id, shown] of Object.entries(columnVisibility)) {
    if (!isColumnId(id) || typeof shown !== "boolean") return undefined;
    visibility[id] = shown;
  }
  if (!DENSITIES.includes(density as Density)) return undefined;
  return { version: 1, columnOrder: [...columnOrder], columnVisibility: visibility, density: density as Density };
}

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
  return parseTablePreferences(value) ?? DEFAULT_TABLE_PREFERENCES;
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
