import { describe, expect, it } from "vitest";
import type { ExportRow } from "./encode";
import { type ExportBatch, type ExportCursor, exportStream } from "./export-stream";

/**
 * `count` rows newest first, and a reader over them that records every batch asked for. Like the
 * database's reader, it says where the next batch starts, and nothing once a read comes up short.
 */
function fakeSource(count: number) {
  const rows: ExportRow[] = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(count - i).padStart(12, "0")}`,
    status: i % 7 === 0 ? "FAILED" : "COMPLETE",
    company_id: i % 5 === 0 ? null : `company-${i % 3}`,
    company_name: i % 5 === 0 || i % 3 === 0 ? null : `Company ${i % 3}`,
    created_by_user_id: `user-${i % 4}`,
    created_by_user_name: i % 4 === 0 ? null : `User ${i % 4}`,
    created_us: 1_764_719_509_807_119 - i * 1_000_000,
    error_message: i % 7 === 0 ? `reason, "${i}"` : null,
  }));
  const calls: Array<{ cursor: ExportCursor | undefined; limit: number }> = [];
  const readBatch = async (cursor: ExportCursor | undefined, limit: number): Promise<ExportBatch> => {
    calls.push({ cursor, limit });
    const start = cursor ? rows.findIndex((row) => row.id === cursor.id) + 1 : 0;
    const batch = rows.slice(start, start + limit);
    const last = batch.at(-1);
    return batch.length < limit || !last
      ? { rows: batch }
      : { rows: batch, next: { group: 0, createdUs: last.created_us, id: last.id } };
  };
  return { rows, calls, readBatch };
}

/** The bytes as text, keeping a byte-order mark (Response.text() would drop it). */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("exportStream", () => {
  it("reads a batch only when the reader has taken the last one: a slow reader holds at most two", async () => {
    const source = fakeSource(10_000);
    const reader = exportStream(source.readBatch, { format: "csv", timeZone: "UTC", batchSize: 100 }).getReader();
    await tick();
    // Before any read: the stream has filled its one-chunk queue and stopped.
    expect(source.calls.length).toBe(1);
    for (let chunk = 1; chunk <= 5; chunk++) {
      const { done } = await reader.read();
      expect(done).toBe(false);
      // A reader that waits between reads: nothing more is read from the database meanwhile.
      for (let i = 0; i < 5; i++) await tick();
      expect(source.calls.length).toBeLessThanOrEqual(chunk + 1);
    }
    await reader.cancel();
    await tick();
    expect(source.calls.length).toBeLessThanOrEqual(6);
  });

  it("walks the keyset: every batch starts after the previous batch's last row, each row once", async () => {
    const source = fakeSource(1050);
    const text = await readAll(exportStream(source.readBatch, { format: "csv", timeZone: "UTC", batchSize: 100 }));
    // Eleven reads: ten full batches and a short one, which ends it without asking again.
    expect(source.calls.length).toBe(11);
    expect(source.calls[0]?.cursor).toBeUndefined();
    for (let i = 1; i < source.calls.length; i++) {
      const previousLast = source.rows[i * 100 - 1] as ExportRow;
      expect(source.calls[i]?.cursor).toEqual({ group: 0, createdUs: previousLast.created_us, id: previousLast.id });
    }
    const ids = text.match(/^00000000-[^,]+/gm) ?? [];
    expect(ids).toEqual(source.rows.map((row) => row.id));
  });

  it("hands the reader's cursor back as it gave it (its group too), and stops when it gives none", async () => {
    const { rows } = fakeSource(5);
    const script: ExportBatch[] = [
      { rows: rows.slice(0, 2), next: { group: 1, createdUs: 7, id: "a" } },
      { rows: rows.slice(2, 4), next: { group: 3, createdUs: 5, id: "b" } },
      // Full, yet the last: the reader knows the view ends here.
      { rows: rows.slice(4, 5) },
    ];
    const cursors: Array<ExportCursor | undefined> = [];
    const readBatch = async (cursor: ExportCursor | undefined) => {
      cursors.push(cursor);
      return script[cursors.length - 1] ?? { rows: [] };
    };
    const text = await readAll(exportStream(readBatch, { format: "json", timeZone: "UTC", batchSize: 1 }));
    expect(cursors).toEqual([undefined, script[0]?.next, script[1]?.next]);
    expect((JSON.parse(text) as Array<{ id: string }>).map((record) => record.id)).toEqual(rows.map((row) => row.id));
  });

  it("asks once more after an exactly full last batch, and ends with the header alone when empty", async () => {
    const full = fakeSource(200);
    await readAll(exportStream(full.readBatch, { format: "csv", timeZone: "UTC", batchSize: 100 }));
    expect(full.calls.length).toBe(3);
    const empty = fakeSource(0);
    expect(await readAll(exportStream(empty.readBatch, { format: "csv", timeZone: "UTC" }))).toBe(
      "\uFEFFid,status_label,status,company_id,company_name,created_by_user_id,created_by_user_name,created_utc,created_local,failure_reason\r\n",
    );
    expect(JSON.parse(await readAll(exportStream(empty.readBatch, { format: "json", timeZone: "UTC" })))).toEqual([]);
  });

  it("writes one JSON array of every row, whatever the batch boundaries", async () => {
    for (const count of [1, 99, 100, 101, 250]) {
      const source = fakeSource(count);
      const text = await readAll(exportStream(source.readBatch, { format: "json", timeZone: "UTC", batchSize: 100 }));
      const parsed = JSON.parse(text) as Array<Record<string, unknown>>;
      expect(parsed.map((record) => record.id)).toEqual(source.rows.map((row) => row.id));
      expect(parsed[0]).toMatchObject({ status: "FAILED", status_label: "Failed", company_id: null });
    }
  });

  it("uses a first batch read beforehand instead of reading it again", async () => {
    const source = fakeSource(150);
    const firstBatch = await source.readBatch(undefined, 100);
    source.calls.length = 0;
    const text = await readAll(
      exportStream(source.readBatch, { format: "json", timeZone: "UTC", batchSize: 100, firstBatch }),
    );
    expect(source.calls.map((call) => call.cursor?.id)).toEqual([source.rows[99]?.id]);
    expect((JSON.parse(text) as unknown[]).length).toBe(150);
  });
});
