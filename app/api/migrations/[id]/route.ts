import { migrationDetailView } from "@/lib/bff/detail-view";
import { detailSources } from "@/lib/bff/mirror-access";
import { jsonNoStore, withSession } from "@/lib/bff/with-session";

export const dynamic = "force-dynamic";

export const GET = withSession(async (_request: Request, { params }: RouteContext<"/api/migrations/[id]">) => {
  const { id } = await params;
  return jsonNoStore(await migrationDetailView(await detailSources(), id));
});
