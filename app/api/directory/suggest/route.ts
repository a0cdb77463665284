import { methodNotAllowed } from "@/lib/bff/error-response";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { jsonNoStore, withSession } from "@/lib/bff/with-session";
import { parseSuggestQuery, suggestOwners } from "@/lib/directory/suggest";

export const dynamic = "force-dynamic";

export const GET = withSession(async (request: Request) => {
  const { kind, q } = parseSuggestQuery(new URL(request.url).searchParams);
  return jsonNoStore({ data: await suggestOwners(await mirrorDatabase(), kind, q) });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
