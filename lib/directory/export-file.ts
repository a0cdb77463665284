import { formatCsv } from "./csv";
import { DIRECTORY_COLUMNS, type DirectoryEntry, type DirectoryKind } from "./entries";
import type { FileFormat } from "./import-file";

/**
 * Directory entries as a file the import reads back unchanged: every column (empty or null for
 * none), in the header's order. Values are written as stored, never prefixed or escaped for
 * spreadsheets, so an export followed by an import changes nothing.
 */
export function formatDirectoryFile<K extends DirectoryKind>(
  kind: K,
  entries: ReadonlyArray<DirectoryEntry<K>>,
  format: FileFormat,
): string {
  const columns: readonly string[] = DIRECTORY_COLUMNS[kind];
  const values = (entry: DirectoryEntry<K>) =>
    columns.map((column) => (entry as unknown as Record<string, string | null>)[column] ?? null);
  if (format === "json") {
    const objects = entries.map((entry) => Object.fromEntries(columns.map((column, i) => [column, values(entry)[i]])));
    return `${JSON.stringify(objects, null, 2)}\n`;
  }
  return formatCsv([columns, ...entries.map((entry) => values(entry).map((value) => value ?? ""))]);
}
