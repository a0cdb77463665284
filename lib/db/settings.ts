import "server-only";
import path from "node:path";
import { dataDir } from "@/lib/config/data-dir";
import { readEnv } from "@/lib/config/env";

/** Where the app's own data lives: PostgreSQL when DATABASE_URL is set, else a SQLite file in DATA_DIR. */
export type DatabaseTarget = { dialect: "sqlite"; file: string } | { dialect: "postgres"; url: string };

export function databaseTarget(): DatabaseTarget {
  const url = readEnv("DATABASE_URL");
  return url === undefined
    ? { dialect: "sqlite", file: path.join(dataDir(), "app.sqlite") }
    : { dialect: "postgres", url };
}
