import { embeddedApiContext } from "@/lib/embedded-api/context";
import { getMigration, methodNotAllowed } from "@/lib/embedded-api/handlers";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: RouteContext<"/api/v1/migrations/[id]">) {
  const { id } = await params;
  return getMigration(request, id, embeddedApiContext());
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
