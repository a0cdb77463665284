import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type {
  CompanyEntry,
  CompanyEntryInput,
  DirectoryEntry,
  DirectoryEntryInput,
  DirectoryKind,
  UserEntry,
  UserEntryInput,
} from "./entries";
import { readEntries } from "./read-entries";

/**
 * Applying checked entries to the directory: what would change first (added, changed with before and
 * after, unchanged), then, unless it is a dry run, those writes in one transaction. Entries the file
 * does not mention stay as they are; re-importing the same file changes nothing (not even updated_ms).
 */
export interface ImportPlan<K extends DirectoryKind> {
  added: Array<DirectoryEntry<K>>;
  changed: Array<{ before: DirectoryEntry<K>; after: DirectoryEntry<K> }>;
  unchanged: number;
}

/** SQLite allows 32,766 bound values per statement; a few hundred rows per statement stays far below. */
const CHUNK = 200;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/** The entry as it will be stored: fields the input leaves out keep their current value (none for a new one). */
function merged<K extends DirectoryKind>(
  kind: K,
  input: DirectoryEntryInput<K>,
  current: DirectoryEntry<K> | undefined,
): DirectoryEntry<K> {
  if (kind === "companies") {
    const company = input as CompanyEntryInput;
    const before = current as CompanyEntry | undefined;
    const entry: CompanyEntry = {
      company_id: company.company_id,
      name: company.name,
      owner: company.owner !== undefined ? company.owner : (before?.owner ?? null),
      notes: company.notes !== undefined ? company.notes : (before?.notes ?? null),
    };
    return entry as DirectoryEntry<K>;
  }
  const user = input as UserEntryInput;
  const before = current as UserEntry | undefined;
  const entry: UserEntry = {
    user_id: user.user_id,
    name: user.name,
    email: user.email !== undefined ? user.email : (before?.email ?? null),
  };
  return entry as DirectoryEntry<K>;
}

function sameEntry<K extends DirectoryKind>(a: DirectoryEntry<K>, b: DirectoryEntry<K>): boolean {
  const keys = Object.keys(a) as Array<keyof DirectoryEntry<K>>;
  return keys.every((key) => a[key] === b[key]);
}

function idOf(kind: DirectoryKind, entry: CompanyEntry | UserEntry | CompanyEntryInput | UserEntryInput): string {
  return kind === "companies" ? (entry as CompanyEntry).company_id : (entry as UserEntry).user_id;
}

async function planWithin<K extends DirectoryKind>(
  db: Kysely<AppSchema> | Transaction<AppSchema>,
  kind: K,
  inputs: ReadonlyArray<DirectoryEntryInput<K>>,
): Promise<ImportPlan<K>> {
  const current = new Map<string, DirectoryEntry<K>>();
  for (const part of chunks(inputs)) {
    for (const entry of await readEntries(db, kind, { ids: part.map((input) => idOf(kind, input)) })) {
      current.set(idOf(kind, entry), entry);
    }
  }
  const plan: ImportPlan<K> = { added: [], changed: [], unchanged: 0 };
  for (const input of inputs) {
    const before = current.get(idOf(kind, input));
    const after = merged(kind, input, before);
    if (!before) plan.added.push(after);
    else if (sameEntry(before, after)) plan.unchanged++;
    else plan.changed.push({ before, after });
  }
  return plan;
}

async function writePlan<K extends DirectoryKind>(
  trx: Transaction<AppSchema>,
  kind: K,
  plan: ImportPlan<K>,
  nowMs: number,
): Promise<void> {
  if (kind === "companies") {
    const added = plan.added as CompanyEntry[];
    for (const part of chunks(added)) {
      await trx
        .insertInto("directory_companies")
        .values(part.map((entry) => ({ ...entry, updated_ms: nowMs })))
        .execute();
    }
    for (const { after } of plan.changed as Array<{ after: CompanyEntry }>) {
      await trx
        .updateTable("directory_companies")
        .set({ name: after.name, owner: after.owner, notes: after.notes, updated_ms: nowMs })
        .where("company_id", "=", after.company_id)
        .execute();
    }
    return;
  }
  for (const part of chunks(plan.added as UserEntry[])) {
    await trx
      .insertInto("directory_users")
      .values(part.map((entry) => ({ ...entry, updated_ms: nowMs })))
      .execute();
  }
  for (const { after } of plan.changed as Array<{ after: UserEntry }>) {
    await trx
      .updateTable("directory_users")
      .set({ name: after.name, email: after.email, updated_ms: nowMs })
      .where("user_id", "=", after.user_id)
      .execute();
  }
}

/**
 * What importing these entries changes, and (unless dryRun) the change itself: all of it or, on any
 * error, none of it. The plan is computed inside the transaction that writes it, so an edit made
 * meanwhile on the page is neither lost nor reported wrongly.
 */
export async function importEntries<K extends DirectoryKind>(
  db: Kysely<AppSchema>,
  kind: K,
  inputs: ReadonlyArray<DirectoryEntryInput<K>>,
  options: { dryRun?: boolean; nowMs?: number } = {},
): Promise<ImportPlan<K>> {
  if (options.dryRun) return planWithin(db, kind, inputs);
  const nowMs = options.nowMs ?? Date.now();
  return db.transaction().execute(async (trx) => {
    const plan = await planWithin(trx, kind, inputs);
    await writePlan(trx, kind, plan, nowMs);
    return plan;
  });
}
