/** The largest body a delivery may have: events are small, and the body is read before the signature can be checked. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

export type CappedBody = { ok: true; text: string } | { ok: false };

/**
 * The request's body as text, or `ok: false` as soon as it is known to be over `maxBytes`: from its
 * Content-Length before anything is read, else while it streams in (a chunked body, or one whose
 * length header lies), the rest then left unread.
 */
export async function readCappedBody(request: Request, maxBytes = MAX_WEBHOOK_BODY_BYTES): Promise<CappedBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) return { ok: false };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
