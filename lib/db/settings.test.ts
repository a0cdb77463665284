import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseTarget } from "./settings";

describe("databaseTarget", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "console-settings-"));
    vi.stubEnv("DATA_DIR", dataDir);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is a SQLite file in DATA_DIR when DATABASE_URL is unset or blank", () => {
    for (const value of [undefined, "", "   "]) {
      vi.stubEnv("DATABASE_URL", value);
      expect(databaseTarget()).toEqual({ dialect: "sqlite", file: path.join(dataDir, "app.sqlite") });
    }
  });

  it("is PostgreSQL for postgres:// and postgresql:// URLs, surrounding blanks trimmed", () => {
    for (const url of ["postgres://u:p@db.internal:5432/console", "postgresql://u:p@db.internal/console"]) {
      vi.stubEnv("DATABASE_URL", `  ${url}\n`);
      expect(databaseTarget()).toEqual({ dialect: "postgres", url });
    }
  });

  it.each([
    ["not a URL", "hunter2 is not a url"],
    ["another scheme", "mysql://console:hunter2@db.internal/console"],
    ["http", "http://console:hunter2@db.internal/console"],
    ["a bare host", "db.internal:5432/hunter2"],
  ])("refuses %s with a clear error that does not repeat the value", (_, value) => {
    vi.stubEnv("DATABASE_URL", value);
    let message = "";
    try {
      databaseTarget();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^DATABASE_URL must /);
    expect(message).toMatch(/postgres:\/\//);
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain(value);
  });
});
