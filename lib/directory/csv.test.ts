import { describe, expect, it } from "vitest";
import { CsvSyntaxError, formatCsv, parseCsv } from "./csv";

describe("parseCsv", () => {
  it("reads plain records with their line numbers", () => {
    expect(parseCsv("a,b\n1,2\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });

  it("reads quoted fields holding commas, doubled quotes and line breaks, and counts lines across them", () => {
    const text = 'id,notes\n1,"one, two"\n2,"say ""hi"""\n3,"first\nsecond"\n4,last\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["id", "notes"] },
      { line: 2, fields: ["1", "one, two"] },
      { line: 3, fields: ["2", 'say "hi"'] },
      { line: 4, fields: ["3", "first\nsecond"] },
      { line: 6, fields: ["4", "last"] },
    ]);
  });

  it("ignores a byte-order mark, takes CRLF line ends and a missing final line end, and skips blank lines", () => {
    expect(parseCsv("\uFEFFa,b\r\n\r\n1,\r\n2,x")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 3, fields: ["1", ""] },
      { line: 4, fields: ["2", "x"] },
    ]);
  });

  it("keeps empty fields, quoted or not", () => {
    expect(parseCsv(',"",\n')).toEqual([{ line: 1, fields: ["", "", ""] }]);
  });

  it("refuses a quoted field never closed, naming the line it opened on", () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(new CsvSyntaxError(2, "a quoted field is never closed"));
  });

  it("refuses text after a closing quote and a quote inside an unquoted field, naming the line", () => {
    expect(() => parseCsv('a\n"x"y\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,2\n3,ab"c\n');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(3);
    }
  });
});

describe("formatCsv", () => {
  it("quotes only what needs it, with CRLF line ends, and reads back to the same records", () => {
    const rows = [
      ["id", "name", "notes"],
      ["1", "Plain", ""],
      ["2", 'Quote "me", please', "line one\nline two"],
      ["3", " padded ", "semi;colon"],
    ];
    const text = formatCsv(rows);
    expect(text).toBe(
      'id,name,notes\r\n1,Plain,\r\n2,"Quote ""me"", please","line one\nline two"\r\n3," padded ",semi;colon\r\n',
    );
    expect(parseCsv(text).map((record) => record.fields)).toEqual(rows);
  });
});
