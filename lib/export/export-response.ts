import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { ExportRequest } from "./export-params";
import { planExport, readExportBatch } from "./export-rows";
import { EXPORT_BATCH_SIZE, type ExportCursor, exportStream } from "./export-stream";
import { exportFileName } from "./file-name";

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" } as const;

/**
 * The export of the list view as a download, streamed from the mirror. The groups (for the status
 * and company sorts) and the first batch are read before answering, so a database that fails at
 * once still gets its error status and body; a failure later can only cut the download short (the
 * JSON then does not parse, which says so).
 */
export async function exportMigrations(
  db: Kysely<AppSchema>,
  request: ExportRequest,
  nowMs = Date.now(),
): Promise<Response> {
  const plan = await planExport(db, request.filters);
  const readBatch = (cursor: ExportCursor | undefined, limit: number) => readExportBatch(db, plan, cursor, limit);
  const firstBatch = await readBatch(undefined, EXPORT_BATCH_SIZE);
  const body = exportStream(readBatch, { format: request.format, timeZone: request.timeZone, firstBatch });
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[request.format],
      "Content-Disposition": `attachment; filename="${exportFileName(request.filters, request.format, nowMs)}"`,
      "Cache-Control": "no-store",
    },
  });
}
