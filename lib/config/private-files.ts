import "server-only";
import { chmodSync } from "node:fs";

/**
 * The data folder holds secrets (the auth secret, the demo key, the databases with session and
 * sign-in records): owner-only, whether this process created the files or found them. A mode given
 * at creation does nothing for a file that already exists (made by an older version, copied in, or
 * created under a looser umask), so the modes are set again every time the app opens them.
 */
export function keepPrivate(file: string, mode: 0o600 | 0o700 = 0o600): void {
  try {
    chmodSync(file, mode);
  } catch (error) {
    // Not there (yet): nothing to protect. Anything else (not the owner, say) must be seen.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** A SQLite database in WAL mode is three files: the database, its write-ahead log and its shared-memory index. */
export function keepSqliteFilesPrivate(file: string): void {
  if (file === ":memory:") return;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) keepPrivate(`${file}${suffix}`);
}
