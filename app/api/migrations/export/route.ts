import { methodNotAllowed } from "@/lib/bff/error-response";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { withSession } from "@/lib/bff/with-session";
import { parseExportRequest } from "@/lib/export/export-params";
import { exportMigrations } from "@/lib/export/export-response";

export const dynamic = "force-dynamic";

export const GET = withSession(async (request: Request) => {
  const exportRequest = parseExportRequest(new URL(request.url).searchParams);
  return exportMigrations(await mirrorDatabase(), exportRequest);
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
