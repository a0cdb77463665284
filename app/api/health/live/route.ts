export const dynamic = "force-dynamic";

/** Liveness only: answers without touching the database or the upstream. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
