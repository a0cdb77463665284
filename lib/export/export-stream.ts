import {
  CSV_HEADER,
  csvRecord,
  type ExportRow,
  JSON_CLOSE,
  JSON_OPEN,
  jsonRecord,
  localTimeFormatter,
  toExportRecord,
} from "./encode";
import type { ExportFormat } from "./export-params";

/** Where the previous batch ended: the next one starts strictly after it, in list order. */
export interface ExportCursor {
  /** Which of the view's groups (status or company, in list order; 0 for the created sorts) it is in. */
  group: number;
  createdUs: number;
  id: string;
}

/** A batch of rows in list order, and where the next one starts: none when the view has no more rows. */
export interface ExportBatch {
  rows: ExportRow[];
  next?: ExportCursor;
}

/** Rows per read: large enough that per-query cost vanishes, small enough to hold a batch in memory. */
export const EXPORT_BATCH_SIZE = 1000;

/** Reads the batch after `cursor` (undefined: the first one), at most `limit` rows, in list order. */
export type ReadExportBatch = (cursor: ExportCursor | undefined, limit: number) => Promise<ExportBatch>;

export interface ExportStreamOptions {
  format: ExportFormat;
  timeZone: string;
  batchSize?: number;
  /** The first batch when the caller read it already (to answer an error before any byte is sent). */
  firstBatch?: ExportBatch;
}

/**
 * The export as bytes, one chunk per batch, pulled: a batch is read only when the reader has taken
 * the previous one (a high-water mark of one chunk), so a slow download holds one or two batches in
 * memory whatever the number of rows, and a cancelled one stops reading.
 */
export function exportStream(readBatch: ReadExportBatch, options: ExportStreamOptions): ReadableStream<Uint8Array> {
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  const formatLocal = localTimeFormatter(options.timeZone);
  const encoder = new TextEncoder();
  const csv = options.format === "csv";
  let pending = options.firstBatch;
  let cursor: ExportCursor | undefined;
  let written = 0;
  let opened = false;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { rows, next } = pending ?? (await readBatch(cursor, batchSize));
        pending = undefined;
        let text = opened ? "" : csv ? CSV_HEADER : JSON_OPEN;
        opened = true;
        for (const row of rows) {
          const record = toExportRecord(row, formatLocal);
          text += csv ? csvRecord(record) : jsonRecord(record, written === 0);
          written++;
        }
        // The reader says when nothing follows (a short read of the last group), saving a read to find out.
        const done = next === undefined;
        cursor = next;
        if (done && !csv) text += written === 0 ? "]\n" : JSON_CLOSE;
        if (text) controller.enqueue(encoder.encode(text));
        if (done) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
