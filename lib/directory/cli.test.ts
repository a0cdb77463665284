import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppDialect } from "@/lib/db/dialect";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { runDirectoryCli } from "./cli";
import { readEntries } from "./read-entries";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "directory-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

describe.each(TEST_ENGINES)("npm run directory (%s)", (engine: AppDialect) => {
  const database = appDatabasePerTest(engine);

  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const app = database();
    const code = await runDirectoryCli(argv, {
      io: { out: (line) => out.push(line), err: (line) => err.push(line) },
      // The test keeps its database open after the command "closes" it.
      openDatabase: async () => ({ ...app, close: async () => {} }),
    });
    return { code, out, err };
  }

  const companiesCsv = 'company_id,name,owner,notes\nacme,Acme Corp,Ana,\nglobex,"Globex, Inc.",,"two\nlines"\n';

  it("imports a good file, and a re-import changes nothing (not even when it was last updated)", async () => {
    const first = await run(["import", "--companies", file("c.csv", companiesCsv)]);
    expect(first.code).toBe(0);
    expect(first.err).toEqual([]);
    expect(first.out[0]).toBe("companies: 2 added, 0 changed, 0 unchanged");
    expect(await readEntries(database().db, "companies")).toEqual([
      { company_id: "acme", name: "Acme Corp", owner: "Ana", notes: null },
      { company_id: "globex", name: "Globex, Inc.", owner: null, notes: "two\nlines" },
    ]);
    const stamps = await database().db.selectFrom("directory_companies").select("updated_ms").execute();

    const again = await run(["import", "--companies", file("c.csv", companiesCsv)]);
    expect(again.out).toEqual(["companies: 0 added, 0 changed, 2 unchanged"]);
    expect(await database().db.selectFrom("directory_companies").select("updated_ms").execute()).toEqual(stamps);
  });

  it("reports changes field by field; columns the file leaves out keep their values", async () => {
    await run(["import", "--companies", file("c.csv", companiesCsv)]);
    const result = await run([
      "import",
      "--companies",
      file("rename.csv", "company_id,name\nacme,ACME Corporation\nnew,New Co\n"),
    ]);
    expect(result.out).toEqual([
      "companies: 1 added, 1 changed, 0 unchanged",
      '  + new  name: "New Co"',
      '  ~ acme  name: "Acme Corp" → "ACME Corporation"',
    ]);
    const [acme] = await readEntries(database().db, "companies", { ids: ["acme"] });
    expect(acme).toEqual({ company_id: "acme", name: "ACME Corporation", owner: "Ana", notes: null });
  });

  it("--dry-run reports what would change and writes nothing", async () => {
    await run(["import", "--users", file("u.csv", "user_id,name,email\nu1,Ana,ana@example.com\n")]);
    const json = '[{"user_id":"u1","name":"Ana","email":"ana@new.example"},{"user_id":"u2","name":"Bo"}]';
    const result = await run(["import", "--users", file("u.json", json), "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      "users: 1 would be added, 1 would be changed, 0 unchanged (dry run: nothing was written)",
      '  + u2  name: "Bo"',
      '  ~ u1  email: "ana@example.com" → "ana@new.example"',
    ]);
    expect(await readEntries(database().db, "users")).toEqual([
      { user_id: "u1", name: "Ana", email: "ana@example.com" },
    ]);
  });

  it("writes nothing at all when any line is bad, and lists every bad line", async () => {
    const text = "user_id,name,email\nu1,Ana,\nu2,,\nu3,Cy,nope\n";
    const result = await run(["import", "--users", file("bad.csv", text)]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      `${path.join(dir, "bad.csv")}: 2 error(s); nothing was written.`,
      "  line 3, name: is required",
      "  line 4, email: must be an e-mail address like ana@example.com",
    ]);
    expect(await readEntries(database().db, "users")).toEqual([]);
  });

  it("export → import is a round trip, in CSV and in JSON", async () => {
    await run(["import", "--companies", file("c.csv", companiesCsv)]);
    for (const format of ["csv", "json"]) {
      const out = path.join(dir, `export.${format}`);
      const exported = await run(["export", "--companies", "--format", format, "--out", out]);
      expect(exported.code).toBe(0);
      expect(exported.err).toEqual([`Wrote 2 companies to ${out}.`]);
      const reimport = await run(["import", "--companies", out]);
      expect(reimport.out).toEqual(["companies: 0 added, 0 changed, 2 unchanged"]);
    }
    const json = JSON.parse(readFileSync(path.join(dir, "export.json"), "utf8"));
    expect(json[1]).toEqual({ company_id: "globex", name: "Globex, Inc.", owner: null, notes: "two\nlines" });
    const stdout = await run(["export", "--users"]);
    expect(stdout.out).toEqual(["user_id,name,email"]);
  });

  it("removes entries by id, saying how many were there", async () => {
    await run(["import", "--companies", file("c.csv", companiesCsv)]);
    const result = await run(["remove", "--companies", "acme, nope"]);
    expect(result.out).toEqual(["companies: 1 removed, 1 not in the directory"]);
    expect((await readEntries(database().db, "companies")).map((entry) => entry.company_id)).toEqual(["globex"]);
  });

  it("refuses a wrong command line with the usage", async () => {
    for (const argv of [
      [],
      ["import"],
      ["import", "--companies", "a", "--users", "b"],
      ["export", "--format", "xml"],
      ["import", "--bogus"],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err.join("\n")).toContain("Usage:");
    }
    const missing = await run(["import", "--users", path.join(dir, "nope.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/^Cannot read /);
  });
});
