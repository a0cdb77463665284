export type CappedBody = { ok: true; text: string } | { ok: false };

/**
 * A request's or response's body as text, or `ok: false` as soon as it is known to be over
 * `maxBytes`: from its Content-Length before anything is read, else while it streams in (a chunked
 * body, or one whose length header lies), the rest then cancelled.
 */
export async function readCappedBody(message: Request | Response, maxBytes: number): Promise<CappedBody> {
  const declared = message.headers.get("content-length");
  // Refused unread: the body is left as it is (a caller that wants the download stopped cancels it).
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) return { ok: false };
  if (!message.body) return { ok: true, text: "" };
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
