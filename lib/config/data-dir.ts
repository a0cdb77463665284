import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";

/**
 * The folder holding the SQLite file, generated secrets and the demo key (DATA_DIR, default `.data`).
 * Created on first use with owner-only permissions because it holds secrets.
 */
export function dataDir(): string {
  // The folder is chosen at run time; the ignore comment keeps the build from tracing the whole project.
  const dir = path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR?.trim() || ".data");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
