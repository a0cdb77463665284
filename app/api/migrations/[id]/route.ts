import { migrationDetailView } from "@/lib/bff/detail-view";
import { upstreamAccess } from "@/lib/bff/upstream-access";
import { jsonNoStore, withSession } from "@/lib/bff/with-session";

export const dynamic = "force-dynamic";

export const GET = withSession(async (_request: Request, { params }: RouteContext<"/api/migrations/[id]">) => {
  const { id } = await params;
  return jsonNoStore(await migrationDetailView(upstreamAccess(), id));
});
