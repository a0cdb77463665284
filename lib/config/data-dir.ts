import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { readEnv } from "./env";
import { keepPrivate } from "./private-files";

/** Folders already made private by this process (dataDir() is called on every request that needs a file). */
const protectedDirs = new Set<string>();

/**
 * The folder holding the SQLite file, generated secrets and the demo key (DATA_DIR, default `.data`).
 * Owner-only (0700) because it holds secrets, also when it already existed.
 */
export function dataDir(): string {
  // The folder is chosen at run time; the ignore comment keeps the build from tracing the whole project.
  const dir = path.resolve(/*turbopackIgnore: true*/ readEnv("DATA_DIR"));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!protectedDirs.has(dir)) {
    keepPrivate(dir, 0o700);
    protectedDirs.add(dir);
  }
  return dir;
}
