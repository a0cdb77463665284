import { statusInfo } from "@/lib/migrations/status-catalogue";

/** One exported migration as the row query reads it (lib/export/export-rows.ts), names joined in. */
export interface ExportRow {
  id: string;
  status: string;
  company_id: string | null;
  /** The directory's name for the company; null when it has none (or there is no company). */
  company_name: string | null;
  created_by_user_id: string;
  created_by_user_name: string | null;
  /** Microseconds since the epoch, UTC: the upstream's `created`, exactly. */
  created_us: number;
  error_message: string | null;
}

/** The file's columns, in order: the CSV header and the JSON objects' keys alike. */
export const EXPORT_COLUMNS = [
  "id",
  "status_label",
  "status",
  "company_id",
  "company_name",
  "created_by_user_id",
  "created_by_user_name",
  "created_utc",
  "created_local",
  "failure_reason",
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRecord = Record<ExportColumn, string | null>;

/** `2025-12-02T23:51:49.807119Z`: ISO 8601 UTC, keeping the upstream's microseconds. */
export function utcIsoMicros(createdUs: number): string {
  const ms = Math.floor(createdUs / 1000);
  const micros = String(createdUs - ms * 1000).padStart(3, "0");
  return `${new Date(ms).toISOString().slice(0, 23)}${micros}Z`;
}

const HOUR_MS = 3_600_000;

/**
 * `2025-12-03 12:36:49.807 GMT+13:45`: the time in the viewer's zone, in a shape a spreadsheet sorts
 * as text and with the offset written out, so the value means one instant.
 *
 * Intl says what the zone's offset and its name are; formatting every row through it costs more than
 * the rest of the export together, so the offset found for an hour is reused for the rows in it (they
 * come in time order) when Intl gives the same offset at both ends of that hour. An hour with a
 * change of offset in it is formatted row by row through Intl.
 */
export function localTimeFormatter(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hourCycle: "h23",
    timeZoneName: "longOffset",
  });
  const read = (ms: number) => {
    const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const { type, value } of format.formatToParts(ms)) part[type] = value;
    const wall = Date.UTC(
      Number(part.year),
      Number(part.month) - 1,
      Number(part.day),
      Number(part.hour),
      Number(part.minute),
      Number(part.second),
      Number(part.fractionalSecond),
    );
    return {
      offsetMs: wall - ms,
      zoneName: part.timeZoneName ?? "",
      text: `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}.${part.fractionalSecond} ${part.timeZoneName}`,
    };
  };
  let hour = Number.NaN;
  let uniform: { offsetMs: number; zoneName: string } | undefined;
  return (ms) => {
    const thisHour = Math.floor(ms / HOUR_MS);
    if (thisHour !== hour) {
      hour = thisHour;
      const start = read(thisHour * HOUR_MS);
      const end = read(thisHour * HOUR_MS + HOUR_MS - 1);
      uniform = start.offsetMs === end.offsetMs && start.zoneName === end.zoneName ? start : undefined;
    }
    if (!uniform) return read(ms).text;
    const wall = new Date(ms + uniform.offsetMs).toISOString();
    return `${wall.slice(0, 10)} ${wall.slice(11, 23)} ${uniform.zoneName}`;
  };
}

// Labels by status, looked up once per status rather than once per row.
const labels = new Map<string, string>();
function statusLabel(status: string): string {
  let label = labels.get(status);
  if (label === undefined) {
    label = statusInfo(status).label;
    // Unknown statuses are shown as sent: bounded, in case a hostile upstream sends endless new ones.
    if (labels.size < 256) labels.set(status, label);
  }
  return label;
}

export function toExportRecord(row: ExportRow, formatLocal: (ms: number) => string): ExportRecord {
  return {
    id: row.id,
    status_label: statusLabel(row.status),
    status: row.status,
    company_id: row.company_id,
    company_name: row.company_name,
    created_by_user_id: row.created_by_user_id,
    created_by_user_name: row.created_by_user_name,
    created_utc: utcIsoMicros(row.created_us),
    created_local: formatLocal(Math.floor(row.created_us / 1000)),
    failure_reason: row.error_message,
  };
}

// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field (RFC 4180), neutralized against formula injection with a leading `'`. */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CRLF line ends, as RFC 4180 and spreadsheets expect. */
export function csvLine(values: ReadonlyArray<string | null>): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** The byte-order mark makes Excel read the file as UTF-8 (failure reasons may hold any text). */
export const CSV_HEADER = `\uFEFF${csvLine(EXPORT_COLUMNS)}`;

export function csvRecord(record: ExportRecord): string {
  return csvLine(EXPORT_COLUMNS.map((column) => record[column]));
}

/** The JSON file is one array, written as it goes: an opening, records separated by commas, a closing. */
export const JSON_OPEN = "[\n";
export const JSON_CLOSE = "\n]\n";
export function jsonRecord(record: ExportRecord, first: boolean): string {
  return `${first ? "" : ",\n"}${JSON.stringify(record)}`;
}
