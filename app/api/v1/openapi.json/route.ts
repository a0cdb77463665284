import { methodNotAllowed } from "@/lib/embedded-api/handlers";
import { openApiDocument } from "@/lib/embedded-api/openapi";

export function GET() {
  return Response.json(openApiDocument());
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
