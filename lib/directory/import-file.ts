import type { z } from "zod";
import { CsvSyntaxError, parseCsv } from "./csv";
import {
  DIRECTORY_COLUMNS,
  type DirectoryEntryInput,
  type DirectoryKind,
  ENTRY_SCHEMAS,
  entryId,
  ID_COLUMN,
} from "./entries";

/**
 * A directory file (CSV with a header row, or a JSON array of objects) read into checked entries.
 * Every problem is collected, each with the line a person finds it on, so one run lists them all;
 * the import writes nothing while there is any (see import-entries.ts).
 */
export type FileFormat = "csv" | "json";

export interface LineError {
  line: number;
  /** The column or key at fault, when one is. */
  field?: string;
  message: string;
}

export interface ParsedDirectoryFile<K extends DirectoryKind> {
  entries: Array<{ line: number; entry: DirectoryEntryInput<K> }>;
  errors: LineError[];
}

/** By the file's extension, else by its first character: `[` is JSON, anything else CSV. */
export function detectFormat(fileName: string, text: string): FileFormat {
  const extension = fileName.toLowerCase().split(".").pop();
  if (extension === "json") return "json";
  if (extension === "csv") return "csv";
  return text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .startsWith("[")
    ? "json"
    : "csv";
}

export function formatLineError(error: LineError): string {
  return `line ${error.line}${error.field ? `, ${error.field}` : ""}: ${error.message}`;
}

export function parseDirectoryFile<K extends DirectoryKind>(
  kind: K,
  text: string,
  format: FileFormat,
): ParsedDirectoryFile<K> {
  const read = format === "csv" ? csvRows(kind, text) : jsonRows(text);
  const schema = ENTRY_SCHEMAS[kind] as unknown as z.ZodType<DirectoryEntryInput<K>>;
  const entries: ParsedDirectoryFile<K>["entries"] = [];
  const errors: LineError[] = [...read.errors];
  const firstLineOfId = new Map<string, number>();
  for (const row of read.rows) {
    const result = schema.safeParse(row.values);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path[0] === undefined ? undefined : String(issue.path[0]);
        errors.push({
          line: row.line,
          ...(field !== undefined ? { field } : {}),
          message: issue.code === "unrecognized_keys" ? `unknown ${issue.keys.join(", ")}` : issue.message,
        });
      }
      continue;
    }
    const id = entryId(kind, result.data);
    const earlier = firstLineOfId.get(id);
    if (earlier !== undefined) {
      errors.push({ line: row.line, field: ID_COLUMN[kind], message: `"${id}" is already on line ${earlier}` });
      continue;
    }
    firstLineOfId.set(id, row.line);
    entries.push({ line: row.line, entry: result.data });
  }
  errors.sort((a, b) => a.line - b.line);
  return { entries, errors };
}

interface RawRow {
  line: number;
  values: unknown;
}

interface RawRows {
  rows: RawRow[];
  errors: LineError[];
}

function csvRows(kind: DirectoryKind, text: string): RawRows {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { rows: [], errors: [{ line: error.line, message: error.reason }] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) {
    return {
      rows: [],
      errors: [
        { line: 1, message: `the file is empty; expected a header row like ${DIRECTORY_COLUMNS[kind].join(",")}` },
      ],
    };
  }
  const known: readonly string[] = DIRECTORY_COLUMNS[kind];
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const headerErrors: LineError[] = [];
  columns.forEach((column, i) => {
    if (!known.includes(column)) {
      headerErrors.push({
        line: header.line,
        message: `unknown column "${header.fields[i]}" (columns: ${known.join(", ")})`,
      });
    } else if (columns.indexOf(column) !== i) {
      headerErrors.push({ line: header.line, message: `column "${column}" appears twice` });
    }
  });
  for (const required of [ID_COLUMN[kind], "name"]) {
    if (!columns.includes(required))
      headerErrors.push({ line: header.line, message: `the header has no "${required}" column` });
  }
  if (headerErrors.length > 0) return { rows: [], errors: headerErrors };

  const rows: RawRow[] = [];
  const errors: LineError[] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      errors.push({
        line: record.line,
        message: `${record.fields.length} field(s) where the header has ${columns.length} (a comma inside a value needs quotes)`,
      });
      continue;
    }
    rows.push({
      line: record.line,
      values: Object.fromEntries(columns.map((column, i) => [column, record.fields[i]])),
    });
  }
  return { rows, errors };
}

function jsonRows(text: string): RawRows {
  const source = text.replace(/^\uFEFF/, "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? 1 : lineAt(source, Number(position));
    return { rows: [], errors: [{ line, message: `not valid JSON (${message})` }] };
  }
  if (!Array.isArray(parsed)) {
    return { rows: [], errors: [{ line: 1, message: "expected a JSON array of objects: [{…}, …]" }] };
  }
  const lines = topLevelElementLines(source);
  const rows: RawRow[] = [];
  const errors: LineError[] = [];
  parsed.forEach((element: unknown, i) => {
    const line = lines[i] ?? 1;
    if (typeof element !== "object" || element === null || Array.isArray(element)) {
      errors.push({ line, message: `entry ${i + 1} is not an object` });
    } else {
      rows.push({ line, values: element });
    }
  });
  return { rows, errors };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

/** The line each element of a top-level JSON array starts on (the text is known to be valid JSON). */
function topLevelElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectingElement = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === "\n") line++;
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (depth === 1 && expectingElement && char !== "]") {
      lines.push(line);
      expectingElement = false;
    }
    if (char === '"') inString = true;
    else if (char === "[" || char === "{") {
      depth++;
      if (depth === 1) expectingElement = true;
    } else if (char === "]" || char === "}") depth--;
    else if (char === "," && depth === 1) expectingElement = true;
  }
  return lines;
}
