import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/testing/random";
import {
  CSV_HEADER,
  csvField,
  csvLine,
  csvRecord,
  EXPORT_COLUMNS,
  type ExportRow,
  jsonRecord,
  localTimeFormatter,
  toExportRecord,
  utcIsoMicros,
} from "./encode";

/** 2025-12-02T23:51:49.807119 UTC. */
const CREATED_US = Date.UTC(2025, 11, 2, 23, 51, 49, 807) * 1000 + 119;

const row: ExportRow = {
  id: "0b6f3a1e-4c1b-4a8e-9d51-2f0e6f9b7c11",
  status: "FAILED",
  company_id: "company-a",
  company_name: "Zeta Foods, Inc.",
  created_by_user_id: "user-1",
  created_by_user_name: "=Ana Lima",
  created_us: CREATED_US,
  error_message: 'Quota exceeded, "mailbox" full\nretry later',
};

/** A minimal RFC 4180 reader, written apart from the encoder, to read back what it wrote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  return records;
}

describe("CSV fields", () => {
  it("leaves plain text alone and writes null as an empty field", () => {
    expect(csvField("company-a")).toBe("company-a");
    expect(csvField(null)).toBe("");
    expect(csvField("")).toBe("");
  });

  it("quotes fields with commas, quotes, CR or LF, doubling the quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });

  it.each(["=SUM(A1:A9)", "+1", "-2+3", "@cmd", "\tx", "\rx"])("neutralizes a formula: %j", (value) => {
    const [[read]] = parseCsv(csvLine([value])) as [[string]];
    expect(read).toBe(`'${value}`);
  });

  it("neutralizes before quoting, so a quoted formula is caught too", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it("round-trips awkward values through a separate reader", () => {
    const values = ["a,b", 'q"q', "multi\r\nline", "é ü 漢字", "", null, "plain"];
    expect(parseCsv(csvLine(values))).toEqual([values.map((v) => v ?? "")]);
  });
});

describe("records", () => {
  it("has the columns in order: id, status label and code, owners each with their name, both times, reason", () => {
    expect(EXPORT_COLUMNS).toEqual([
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
    ]);
    expect(CSV_HEADER).toBe(`\uFEFF${EXPORT_COLUMNS.join(",")}\r\n`);
  });

  it("writes the status label from the catalogue, and an unknown status as sent", () => {
    const utc = localTimeFormatter("UTC");
    expect(toExportRecord(row, utc)).toMatchObject({ status_label: "Failed", status: "FAILED" });
    expect(toExportRecord({ ...row, status: "NEW_THING" }, utc)).toMatchObject({
      status_label: "NEW_THING",
      status: "NEW_THING",
    });
    expect(toExportRecord({ ...row, status: "PENDING_USER_INPUT" }, utc).status_label).toBe("Waiting for user");
  });

  it("keeps the microseconds in UTC, and writes local time with its offset in the asked zone", () => {
    expect(utcIsoMicros(CREATED_US)).toBe("2025-12-02T23:51:49.807119Z");
    expect(utcIsoMicros(Date.UTC(2026, 0, 1) * 1000 + 5)).toBe("2026-01-01T00:00:00.000005Z");
    const ms = Math.floor(CREATED_US / 1000);
    expect(localTimeFormatter("UTC")(ms)).toBe("2025-12-02 23:51:49.807 GMT+00:00");
    expect(localTimeFormatter("Europe/Paris")(ms)).toBe("2025-12-03 00:51:49.807 GMT+01:00");
    expect(localTimeFormatter("America/New_York")(ms)).toBe("2025-12-02 18:51:49.807 GMT-05:00");
    // Chatham in summer: +13:45, the date moves on.
    expect(localTimeFormatter("Pacific/Chatham")(ms)).toBe("2025-12-03 13:36:49.807 GMT+13:45");
  });

  it("writes one CSV line per record that reads back field for field", () => {
    const record = toExportRecord(row, localTimeFormatter("UTC"));
    expect(parseCsv(csvRecord(record))).toEqual([
      [
        row.id,
        "Failed",
        "FAILED",
        "company-a",
        "Zeta Foods, Inc.",
        "user-1",
        // A name is text from the directory like any other: a formula in it is neutralized too.
        "'=Ana Lima",
        "2025-12-02T23:51:49.807119Z",
        "2025-12-02 23:51:49.807 GMT+00:00",
        row.error_message,
      ],
    ]);
    const noCompany = toExportRecord(
      { ...row, company_id: null, company_name: null, created_by_user_name: null, error_message: null },
      localTimeFormatter("UTC"),
    );
    expect(parseCsv(csvRecord(noCompany))[0]?.slice(3, 7)).toEqual(["", "", "user-1", ""]);
    expect(parseCsv(csvRecord(noCompany))[0]?.at(-1)).toBe("");
  });

  it("writes JSON records that join into one array, with nulls kept and no formula escaping", () => {
    const utc = localTimeFormatter("UTC");
    const a = toExportRecord({ ...row, company_id: "=evil" }, utc);
    const b = toExportRecord(
      { ...row, company_id: null, company_name: null, created_by_user_name: null, error_message: null },
      utc,
    );
    const parsed = JSON.parse(`[\n${jsonRecord(a, true)}${jsonRecord(b, false)}\n]\n`) as unknown[];
    expect(parsed).toEqual([a, b]);
    expect(parsed[0]).toMatchObject({
      company_id: "=evil",
      company_name: "Zeta Foods, Inc.",
      created_by_user_name: "=Ana Lima",
      failure_reason: row.error_message,
    });
    expect(parsed[1]).toMatchObject({
      company_id: null,
      company_name: null,
      created_by_user_name: null,
      failure_reason: null,
    });
  });
});

describe("local times against Intl, row by row", () => {
  /** Intl alone, for every instant: what the hour cache must agree with. */
  const formats = new Map<string, Intl.DateTimeFormat>();
  function direct(timeZone: string, ms: number): string {
    const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    const format =
      formats.get(timeZone) ??
      new Intl.DateTimeFormat("en-US", {
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
    formats.set(timeZone, format);
    for (const { type, value } of format.formatToParts(ms)) part[type] = value;
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}.${part.fractionalSecond} ${part.timeZoneName}`;
  }

  // Offsets in half and quarter hours, DST of an hour and of half an hour, both hemispheres.
  it.each([
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "America/St_Johns",
    "UTC",
  ])("agrees in %s across its offset changes, in both time orders", (zone) => {
    const random = seededRandom(7);
    const start = Date.UTC(2025, 0, 1);
    // Every 20 to 60 minutes over two years (every DST change inside), then the same instants backwards.
    const instants: number[] = [];
    for (let ms = start; ms < Date.UTC(2027, 0, 1); ms += 1_200_000 + Math.floor(random.next() * 2_400_000))
      instants.push(ms);
    for (const order of [instants, [...instants].reverse()]) {
      const format = localTimeFormatter(zone);
      for (const ms of order) {
        if (format(ms) !== direct(zone, ms)) expect(format(ms), new Date(ms).toISOString()).toBe(direct(zone, ms));
      }
    }
  });
});
