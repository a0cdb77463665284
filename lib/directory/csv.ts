/**
 * CSV as RFC 4180 writes it and spreadsheets export it: comma-separated, fields optionally in double
 * quotes (a quote inside doubled), quoted fields may hold commas, quotes and line breaks; lines end in
 * LF or CRLF; a UTF-8 byte-order mark is ignored. Small enough to own: the directory's files are a few
 * thousand lines at most, and an error must name the line a person sees in their editor.
 */

export interface CsvRecord {
  /** The 1-based line the record starts on (a quoted line break makes a record span lines). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = "CsvSyntaxError";
  }
}

/** Every record of `text`, blank lines left out. Throws CsvSyntaxError at the first malformed quote. */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let index = 0;
  while (index < input.length) {
    const recordLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let field = "";
      if (input[index] === '"') {
        const openedOn = line;
        index++;
        for (;;) {
          if (index >= input.length) throw new CsvSyntaxError(openedOn, "a quoted field is never closed");
          const char = input[index] as string;
          if (char === '"') {
            if (input[index + 1] === '"') {
              field += '"';
              index += 2;
              continue;
            }
            index++;
            break;
          }
          if (char === "\n") line++;
          field += char;
          index++;
        }
        const next = input[index];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          throw new CsvSyntaxError(line, "text after a closing quote (a quote inside a field must be doubled)");
        }
      } else {
        const start = index;
        while (index < input.length && input[index] !== "," && input[index] !== "\n" && input[index] !== "\r") {
          if (input[index] === '"') {
            throw new CsvSyntaxError(
              line,
              "a quote inside an unquoted field (put the field in quotes, quotes doubled)",
            );
          }
          index++;
        }
        field = input.slice(start, index);
      }
      fields.push(field);
      const separator = input[index];
      if (separator === ",") {
        index++;
      } else {
        // A line break, or the end of the input.
        if (separator === "\r") index++;
        if (input[index] === "\n") index++;
        if (separator !== undefined) line++;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) records.push({ line: recordLine, fields });
  }
  return records;
}

function quoteField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Records as CSV text, CRLF line ends (what RFC 4180 and spreadsheets expect), quoting only where needed. */
export function formatCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows.map((row) => row.map(quoteField).join(",")).join("\r\n") + (rows.length > 0 ? "\r\n" : "");
}
