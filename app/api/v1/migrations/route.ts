import { embeddedApiContext } from "@/lib/embedded-api/context";
import { listMigrations, methodNotAllowed } from "@/lib/embedded-api/handlers";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return listMigrations(request, embeddedApiContext());
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
