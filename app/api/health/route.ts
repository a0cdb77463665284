import { healthReport } from "@/lib/bff/health";

export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await healthReport(), { headers: { "Cache-Control": "no-store" } });
}
