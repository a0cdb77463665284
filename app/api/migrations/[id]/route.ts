import { migrationDetailView } from "@/lib/bff/detail-view";
import { methodNotAllowed } from "@/lib/bff/error-response";
import { detailSources } from "@/lib/bff/mirror-access";
import { jsonNoStore, withSession } from "@/lib/bff/with-session";

export const dynamic = "force-dynamic";

export const GET = withSession(async (_request: Request, { params }: RouteContext<"/api/migrations/[id]">) => {
  const { id } = await params;
  return jsonNoStore(await migrationDetailView(await detailSources(), id));
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
