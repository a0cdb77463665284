import { methodNotAllowed } from "@/lib/bff/error-response";
import { listMigrationView } from "@/lib/bff/list-view";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { jsonNoStore, withSession } from "@/lib/bff/with-session";
import { parseMigrationListParams } from "@/lib/migrations/list-params";

export const dynamic = "force-dynamic";

export const GET = withSession(async (request: Request) => {
  const params = parseMigrationListParams(new URL(request.url).searchParams);
  return jsonNoStore(await listMigrationView(await mirrorDatabase(), params));
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
