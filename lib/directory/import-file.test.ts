import { describe, expect, it } from "vitest";
import { detectFormat, formatLineError, parseDirectoryFile } from "./import-file";

describe("detectFormat", () => {
  it("goes by the extension, else by the first character", () => {
    expect(detectFormat("a.JSON", "x")).toBe("json");
    expect(detectFormat("a.csv", "[")).toBe("csv");
    expect(detectFormat("a.txt", '\uFEFF  [{"company_id":"x"}]')).toBe("json");
    expect(detectFormat("-", "company_id,name")).toBe("csv");
  });
});

describe("parseDirectoryFile (CSV)", () => {
  it("reads a good companies file, header in any case and order, optional columns left out or empty", () => {
    const text = 'Name,COMPANY_ID,owner\nAcme Corp,acme-1,Ana\n"Globex, Inc.",globex_2,\n';
    const parsed = parseDirectoryFile("companies", text, "csv");
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([
      { line: 2, entry: { company_id: "acme-1", name: "Acme Corp", owner: "Ana" } },
      { line: 3, entry: { company_id: "globex_2", name: "Globex, Inc.", owner: null } },
    ]);
  });

  it("reads users with e-mails", () => {
    const parsed = parseDirectoryFile("users", "user_id,name,email\nu1,Ana Lima, ana@example.com \nu2,Bo,\n", "csv");
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((row) => row.entry)).toEqual([
      { user_id: "u1", name: "Ana Lima", email: "ana@example.com" },
      { user_id: "u2", name: "Bo", email: null },
    ]);
  });

  it("names the line and the field of every bad line, and keeps none of them", () => {
    const text = [
      "company_id,name,owner,notes",
      "ok-1,Fine,,",
      "bad id!,Name,,",
      "ok-2,,,",
      "ok-3,Too,many,fields,here",
      "ok-1,Again,,",
      `ok-4,${"x".repeat(201)},,`,
      "ok-5,Tab\tname,,",
    ].join("\n");
    const parsed = parseDirectoryFile("companies", text, "csv");
    expect(parsed.errors.map(formatLineError)).toEqual([
      expect.stringMatching(/^line 3, company_id: must be 1-128 letters/),
      "line 4, name: is required",
      expect.stringMatching(/^line 5: 5 field\(s\) where the header has 4/),
      'line 6, company_id: "ok-1" is already on line 2',
      "line 7, name: must be at most 200 characters",
      "line 8, name: must be one line of text",
    ]);
    expect(parsed.entries.map((row) => row.line)).toEqual([2]);
  });

  it("refuses a bad e-mail, naming the field", () => {
    const parsed = parseDirectoryFile("users", "user_id,name,email\nu1,Ana,not-an-address\n", "csv");
    expect(parsed.errors).toEqual([
      { line: 2, field: "email", message: "must be an e-mail address like ana@example.com" },
    ]);
  });

  it("refuses a header without the id or name, with unknown or repeated columns", () => {
    expect(parseDirectoryFile("users", "user_id,nom\nu1,x\n", "csv").errors.map(formatLineError)).toEqual([
      'line 1: unknown column "nom" (columns: user_id, name, email)',
      'line 1: the header has no "name" column',
    ]);
    expect(parseDirectoryFile("users", "user_id,name,name\n", "csv").errors.map(formatLineError)).toEqual([
      'line 1: column "name" appears twice',
    ]);
    expect(parseDirectoryFile("users", "", "csv").errors[0]?.message).toMatch(/the file is empty/);
  });

  it("reports a broken quote with its line", () => {
    const parsed = parseDirectoryFile("users", 'user_id,name\nu1,"Ana\nu2,Bo\n', "csv");
    expect(parsed.errors).toEqual([{ line: 2, message: "a quoted field is never closed" }]);
  });
});

describe("parseDirectoryFile (JSON)", () => {
  it("reads an array of objects, numbering each by the line it starts on", () => {
    const text =
      '[\n  {"company_id": "a", "name": "A"},\n  {\n    "company_id": "b",\n    "name": "B", "notes": null\n  }\n]';
    const parsed = parseDirectoryFile("companies", text, "json");
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([
      { line: 2, entry: { company_id: "a", name: "A" } },
      { line: 3, entry: { company_id: "b", name: "B", notes: null } },
    ]);
  });

  it("names the line of bad entries: unknown keys, wrong types, not an object", () => {
    const text = '[\n{"user_id": "u1", "name": "A", "phone": "1"},\n{"user_id": 7, "name": "B"},\n"u3"\n]';
    const parsed = parseDirectoryFile("users", text, "json");
    expect(parsed.errors.map(formatLineError)).toEqual([
      "line 2: unknown phone",
      expect.stringMatching(/^line 3, user_id: /),
      "line 4: entry 3 is not an object",
    ]);
    expect(parsed.entries).toEqual([]);
  });

  it("reports invalid JSON and a top level that is not an array", () => {
    expect(parseDirectoryFile("users", '[\n{"user_id": "u1",\n', "json").errors[0]?.message).toMatch(/not valid JSON/);
    expect(parseDirectoryFile("users", '{"user_id": "u1"}', "json").errors).toEqual([
      { line: 1, message: "expected a JSON array of objects: [{…}, …]" },
    ]);
  });
});
