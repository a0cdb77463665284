import { openApiDocument } from "@/lib/embedded-api/openapi";

export function GET() {
  return Response.json(openApiDocument());
}
