import "server-only";
import path from "node:path";
import { dataDir } from "@/lib/config/data-dir";

/** Where the app's own data lives: PostgreSQL when DATABASE_URL is set, else a SQLite file in DATA_DIR. */
export type DatabaseTarget = { dialect: "sqlite"; file: string } | { dialect: "postgres"; url: string };

export function databaseTarget(): DatabaseTarget {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return { dialect: "sqlite", file: path.join(dataDir(), "app.sqlite") };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("DATABASE_URL must be a postgres:// URL, e.g. postgres://user:password@host:5432/console.");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    // Never quote the value: it may hold a password.
    throw new Error("DATABASE_URL must start with postgres:// or postgresql://.");
  }
  return { dialect: "postgres", url };
}
