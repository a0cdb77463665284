import "server-only";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type CliIo, EXIT } from "@/lib/cli/io";
import type { AppDatabase } from "@/lib/db/connection";
import type { DirectoryEntry, DirectoryKind } from "./entries";
import { formatDirectoryFile } from "./export-file";
import { type ImportPlan, importEntries } from "./import-entries";
import { detectFormat, type FileFormat, formatLineError, parseDirectoryFile } from "./import-file";
import { readEntries } from "./read-entries";
import { removeEntries } from "./remove-entries";

export const DIRECTORY_USAGE = `Usage:
  npm run directory -- import --companies <file> [--dry-run]   CSV (company_id,name[,owner,notes]) or JSON
  npm run directory -- import --users <file> [--dry-run]       CSV (user_id,name[,email]) or JSON
  npm run directory -- export [--companies|--users] [--format csv|json] [--out <file>]
  npm run directory -- remove --companies <id>[,<id>…] | --users <id>[,<id>…]

Import adds new ids and updates known ones; ids the file does not mention are kept. Any bad line and
nothing is written. The format is taken from the extension (.csv, .json), else from the content.
Export writes companies unless --users is given, as CSV unless --format json, to stdout unless --out.`;

export interface DirectoryCliDeps {
  io: CliIo;
  /** The app database; defaults to the configured one (DATA_DIR or DATABASE_URL). */
  openDatabase?: () => Promise<AppDatabase>;
}

async function openConfiguredDatabase(): Promise<AppDatabase> {
  const { openAppDatabase } = await import("@/lib/db/connection");
  const { databaseTarget } = await import("@/lib/db/settings");
  return openAppDatabase(databaseTarget());
}

const MAX_ERRORS_SHOWN = 100;
const MAX_CHANGES_SHOWN = 200;

function describeEntry(entry: object): string {
  return Object.entries(entry)
    .slice(1)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(", ");
}

function describeChange(before: object, after: object): string {
  const old = before as Record<string, unknown>;
  return Object.entries(after)
    .filter(([key, value]) => old[key] !== value)
    .map(([key, value]) => `${key}: ${JSON.stringify(old[key] ?? null)} → ${JSON.stringify(value)}`)
    .join(", ");
}

function reportPlan<K extends DirectoryKind>(io: CliIo, kind: K, plan: ImportPlan<K>, dryRun: boolean): void {
  const idOf = (entry: DirectoryEntry<K>) => Object.values(entry)[0] as string;
  const verb = dryRun ? "would be " : "";
  io.out(
    `${kind}: ${plan.added.length} ${verb}added, ${plan.changed.length} ${verb}changed, ${plan.unchanged} unchanged${dryRun ? " (dry run: nothing was written)" : ""}`,
  );
  const lines = [
    ...plan.added.map((entry) => `  + ${idOf(entry)}  ${describeEntry(entry)}`),
    ...plan.changed.map(({ before, after }) => `  ~ ${idOf(after)}  ${describeChange(before, after)}`),
  ];
  for (const line of lines.slice(0, MAX_CHANGES_SHOWN)) io.out(line);
  if (lines.length > MAX_CHANGES_SHOWN) io.out(`  … and ${lines.length - MAX_CHANGES_SHOWN} more`);
}

async function runImport(argv: readonly string[], deps: DirectoryCliDeps): Promise<number> {
  const { io } = deps;
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { companies: { type: "string" }, users: { type: "string" }, "dry-run": { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 || (values.companies === undefined) === (values.users === undefined)) {
    io.err(`import needs exactly one of --companies <file> or --users <file>.\n\n${DIRECTORY_USAGE}`);
    return EXIT.usage;
  }
  const kind: DirectoryKind = values.companies !== undefined ? "companies" : "users";
  const file = (values.companies ?? values.users) as string;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    io.err(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
  const parsed = parseDirectoryFile(kind, text, detectFormat(file, text));
  if (parsed.errors.length > 0) {
    io.err(`${file}: ${parsed.errors.length} error(s); nothing was written.`);
    for (const error of parsed.errors.slice(0, MAX_ERRORS_SHOWN)) io.err(`  ${formatLineError(error)}`);
    if (parsed.errors.length > MAX_ERRORS_SHOWN) io.err(`  … and ${parsed.errors.length - MAX_ERRORS_SHOWN} more`);
    return EXIT.failed;
  }
  const dryRun = values["dry-run"] === true;
  const database = await (deps.openDatabase ?? openConfiguredDatabase)();
  try {
    const plan = await importEntries(
      database.db,
      kind,
      parsed.entries.map((row) => row.entry),
      { dryRun },
    );
    reportPlan(io, kind, plan, dryRun);
    return EXIT.ok;
  } finally {
    await database.close();
  }
}

async function runExport(argv: readonly string[], deps: DirectoryCliDeps): Promise<number> {
  const { io } = deps;
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      companies: { type: "boolean" },
      users: { type: "boolean" },
      format: { type: "string" },
      out: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 || (values.companies && values.users)) {
    io.err(`export takes one of --companies or --users.\n\n${DIRECTORY_USAGE}`);
    return EXIT.usage;
  }
  const format = values.format ?? (values.out?.toLowerCase().endsWith(".json") ? "json" : "csv");
  if (format !== "csv" && format !== "json") {
    io.err(`--format must be csv or json.\n\n${DIRECTORY_USAGE}`);
    return EXIT.usage;
  }
  const kind: DirectoryKind = values.users ? "users" : "companies";
  const database = await (deps.openDatabase ?? openConfiguredDatabase)();
  let text: string;
  let count: number;
  try {
    const entries = await readEntries(database.db, kind);
    count = entries.length;
    text = formatDirectoryFile(kind, entries, format satisfies FileFormat);
  } finally {
    await database.close();
  }
  if (values.out === undefined) {
    io.out(text.replace(/\r?\n$/, ""));
    return EXIT.ok;
  }
  try {
    writeFileSync(values.out, text);
  } catch (error) {
    io.err(`Cannot write ${values.out}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
  io.err(`Wrote ${count} ${kind} to ${values.out}.`);
  return EXIT.ok;
}

async function runRemove(argv: readonly string[], deps: DirectoryCliDeps): Promise<number> {
  const { io } = deps;
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { companies: { type: "string" }, users: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 || (values.companies === undefined) === (values.users === undefined)) {
    io.err(`remove needs exactly one of --companies <ids> or --users <ids>.\n\n${DIRECTORY_USAGE}`);
    return EXIT.usage;
  }
  const kind: DirectoryKind = values.companies !== undefined ? "companies" : "users";
  const ids = ((values.companies ?? values.users) as string)
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  const database = await (deps.openDatabase ?? openConfiguredDatabase)();
  try {
    const removed = await removeEntries(database.db, kind, ids);
    io.out(`${kind}: ${removed} removed, ${ids.length - removed} not in the directory`);
    return EXIT.ok;
  } finally {
    await database.close();
  }
}

/** Imports and exports the directory of company and user names. Returns the process exit code. */
export async function runDirectoryCli(argv: readonly string[], deps: DirectoryCliDeps): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "import") return await runImport(rest, deps);
    if (command === "export") return await runExport(rest, deps);
    if (command === "remove") return await runRemove(rest, deps);
  } catch (error) {
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      deps.io.err(`${error.message}\n\n${DIRECTORY_USAGE}`);
      return EXIT.usage;
    }
    deps.io.err(`The directory command failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
  deps.io.err(`${command ? `Unknown command "${command}".` : "No command given."}\n\n${DIRECTORY_USAGE}`);
  return EXIT.usage;
}
